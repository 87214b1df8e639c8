import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator';
import {
  createFabricClients,
  FabricError,
  isTerminalStatus,
  type FabricClients,
  type ItemJobInstance,
} from '../../../src/main/fabric';
import { emulatorProfile } from './emulator-profile';

let emu: Emulator;
let clients: FabricClients;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, speed: 20, jobsPageSize: 2 });
  clients = createFabricClients(emulatorProfile(emu), { retry: { baseDelayMs: 20, deadlineMs: 10_000 } });
});
afterAll(async () => {
  clients?.close();
  await emu?.stop();
});
beforeEach(() => {
  emu.faults.clear();
  emu.requests.clear();
});

const owner = () => ({ ownerUpn: emu.env.OWNER_UPN, ownerObjectId: emu.env.OWNER_OBJECT_ID });

async function waitForTerminal(id: string): Promise<ItemJobInstance> {
  for (let i = 0; i < 200; i++) {
    const { job } = await clients.jobs.getJob(id);
    if (isTerminalStatus(job.status)) return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('Job Scheduler client against the emulator', () => {
  it('starts the pipeline with parameters and owner, and follows it to Completed', async () => {
    emu.faults.nextJob({ kind: 'complete' });
    const accepted = await clients.jobs.runPipeline({
      parameters: { input_path: 'Files/import/a.xlsx', run_id: 'r-1', strict: true, limit: 5 },
      ...owner(),
    });
    expect(accepted.location.endsWith(`/jobs/instances/${accepted.jobInstanceId}`)).toBe(true);
    expect(accepted.retryAfterSec).toBeGreaterThanOrEqual(0);
    const emulated = emu.jobs.get(accepted.jobInstanceId);
    expect(emulated?.jobType).toBe('Pipeline');
    expect(emulated?.parameters).toEqual({
      input_path: 'Files/import/a.xlsx',
      run_id: 'r-1',
      strict: true,
      limit: 5,
    });
    expect(emulated?.ownerUpn).toBe(emu.env.OWNER_UPN);
    expect(emulated?.ownerObjectId).toBe(emu.env.OWNER_OBJECT_ID);
    expect(emu.requests.count({ service: 'jobs', method: 'POST' })).toBe(1);

    const first = await clients.jobs.getJob(accepted.jobInstanceId);
    expect(['NotStarted', 'InProgress']).toContain(first.job.status);
    expect(first.retryAfterSec).toBeDefined();
    const done = await waitForTerminal(accepted.jobInstanceId);
    expect(done.status).toBe('Completed');
    expect(done.failureReason ?? null).toBeNull();
    expect(done.itemId).toBe(emu.env.FABRIC_PIPELINE_ID);
  });

  it('lists every job across continuation pages', async () => {
    for (let i = 0; i < 3; i++) {
      emu.faults.nextJob({ kind: 'complete' });
      await clients.jobs.runPipeline({ parameters: {}, ...owner() });
    }
    emu.requests.clear();
    const ids: string[] = [];
    for await (const job of clients.jobs.listJobs()) ids.push(job.id);
    const expected = emu.jobs.list().map((j) => j.id);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(ids).toEqual(expected);
    expect(emu.requests.count({ service: 'jobs', method: 'GET' })).toBe(Math.ceil(expected.length / 2));
  });

  it('cancels a hanging job, and says so when a finished job is cancelled again', async () => {
    emu.faults.nextJob({ kind: 'hang' });
    const { jobInstanceId } = await clients.jobs.runPipeline({ parameters: {}, ...owner() });
    for (let i = 0; i < 200 && (await clients.jobs.getJob(jobInstanceId)).job.status === 'NotStarted'; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await clients.jobs.getJob(jobInstanceId)).job.status).toBe('InProgress');
    await clients.jobs.cancelJob(jobInstanceId);
    expect((await waitForTerminal(jobInstanceId)).status).toBe('Cancelled');

    const err = (await clients.jobs.cancelJob(jobInstanceId).catch((e: unknown) => e)) as FabricError;
    expect(err).toBeInstanceOf(FabricError);
    expect(err.code).toBe('CONFLICT');
    expect(err.details.serviceCode).toBe('JobAlreadyCompleted');
    expect(err.message).toContain('has already ended with status Cancelled');
  });

  it('maps a missing pipeline to NOT_FOUND naming the setting, after a single request', async () => {
    const wrong = createFabricClients(
      emulatorProfile(emu, { pipelineId: '00000000-0000-4000-8000-0000000000aa' }),
    );
    try {
      const err = (await wrong.jobs
        .runPipeline({ parameters: {}, ...owner() })
        .catch((e: unknown) => e)) as FabricError;
      expect(err.code).toBe('NOT_FOUND');
      expect(err.details.serviceCode).toBe('ItemNotFound');
      expect(err.details.outcomeUnknown).toBeUndefined();
      expect(err.message).toContain('Check FABRIC_PIPELINE_ID');
      expect(emu.requests.count({ service: 'jobs' })).toBe(1);
    } finally {
      wrong.close();
    }
  });

  it('maps an unknown job id to NOT_FOUND', async () => {
    const err = (await clients.jobs
      .getJob('5b0c0f3e-0000-4000-8000-000000000000')
      .catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('Job 5b0c0f3e-0000-4000-8000-000000000000');
  });
});
