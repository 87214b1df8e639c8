import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../../src/emulator';
import { FabricError, type JobSchedulerClient } from '../../../src/main/fabric';
import { WorkbookInspector } from '../../../src/main/ingest/workbook-inspector';
import { createRunServices } from '../../../src/main/runs';
import { RunLockRepo } from '../../../src/main/runs/lock-repo';
import { RunRepo } from '../../../src/main/runs/run-repo';
import { createTestDatabase, type TestDatabase } from '../../support/pg';
import {
  FAST_TIMINGS,
  openClient,
  quietLogger,
  SAMPLE_INPUT,
  startTestEmulator,
  until,
  type Client,
} from './harness';

// A whole run per test; generous on a shared 2-core machine where other suites run too.
vi.setConfig({ testTimeout: 180_000 });

// Recovery without SQL: a client that crashed between taking the lock and starting the pipeline, one that
// crashed after the POST but before recording the job id, and a POST whose answer never came.

describe('run recovery (real PostgreSQL, emulator over HTTPS)', () => {
  let emu: Emulator;
  let tdb: TestDatabase;
  let client: Client;

  /** What a client that died right after recording its run leaves behind: the lock and a `triggering` row. */
  async function crashedStarter(): Promise<{ runId: string; token: number }> {
    const lock = new RunLockRepo(client.db, { identity: { actor: 'crashed', host: 'deadhost' } });
    const runs = new RunRepo(client.db);
    const runId = randomUUID();
    const grant = await lock.acquire({
      holderId: randomUUID(),
      holderLabel: 'crashed@deadhost',
      runId,
      leaseSec: 60,
    });
    if (!('token' in grant)) throw new Error('lock not free');
    await runs.insert({
      runId,
      inputPath: SAMPLE_INPUT,
      inputName: 'sales_orders_fact.xlsx',
      inputSize: null,
      inputSha256: null,
      parameters: {},
      requestedBy: 'crashed@deadhost',
      requestedHost: 'deadhost',
      fencingToken: grant.token,
    });
    return { runId, token: grant.token };
  }

  beforeAll(async () => {
    emu = await startTestEmulator();
    tdb = await createTestDatabase();
    client = await openClient(emu, tdb, {
      name: 'rescuer',
      timings: { triggerGraceSec: 1 },
      retry: { attemptTimeoutMs: 700, maxAttempts: 2 },
    });
  });
  beforeEach(() => emu.faults.clear());
  afterAll(async () => {
    await client?.close();
    await emu?.stop();
    await tdb?.drop();
  });

  it('a crash between lock and trigger: the run is marked Lost, the lock released, all audited', async () => {
    const { runId } = await crashedStarter();
    const { orchestrator } = client.services;
    const lost = await until(async () => {
      const r = await orchestrator.get(runId);
      return r.status === 'Lost' ? r : undefined;
    }, 'the stuck run to be marked Lost');
    expect(lost.failure?.message).toMatch(/never started/);
    await until(async () => !(await orchestrator.lockStatus()).held, 'the lock to be released');
    const kinds = (await orchestrator.events(runId)).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['recovery_started', 'status_changed', 'run_lost', 'lock_released']),
    );
    expect(kinds.filter((k) => k === 'lock_released')).toHaveLength(1);
    expect(emu.jobs.list().some((j) => j.parameters['run_id'] === runId)).toBe(false);
  });

  it('a lost job id (crash after the POST): the job is found in Fabric’s list and the run completes', async () => {
    const { runId } = await crashedStarter();
    // The crashed client's POST reached Fabric; its answer (the job id) was never recorded.
    const accepted = await client.fabric.jobs.runPipeline({
      parameters: { run_id: runId, input_path: SAMPLE_INPUT, requested_by: 'crashed@deadhost' },
      ownerUpn: emu.env.OWNER_UPN,
      ownerObjectId: emu.env.OWNER_OBJECT_ID,
    });
    const { orchestrator } = client.services;
    const done = await until(async () => {
      const r = await orchestrator.get(runId);
      return r.status === 'Completed' ? r : undefined;
    }, 'the reconciled run to complete');
    expect(done.jobInstanceId).toBe(accepted.jobInstanceId);
    expect(done.hasKpis).toBe(true);
    const events = await orchestrator.events(runId);
    expect(events.find((e) => e.kind === 'job_reconciled')?.data).toMatchObject({
      jobInstanceId: accepted.jobInstanceId,
      by: 'time',
    });
    expect(events.filter((e) => e.kind === 'lock_released')).toHaveLength(1);
  });

  it('a POST whose answer is lost after Fabric created the job is reconciled from the job list, never re-sent', async () => {
    // Fabric processes the POST, then the connection dies before the answer arrives (the emulator's faults act
    // before the request is handled, so this one case wraps the real client).
    const real = client.fabric.jobs;
    const jobs: JobSchedulerClient = {
      ...real,
      listJobs: (o) => real.listJobs(o),
      getJob: (id, o) => real.getJob(id, o),
      cancelJob: (id, o) => real.cancelJob(id, o),
      runPipeline: async (req) => {
        await real.runPipeline(req);
        throw new FabricError(
          'FABRIC_HTTP',
          'The connection was dropped before Fabric answered.',
          undefined,
          {
            outcomeUnknown: true,
          },
        );
      },
    };
    const services = createRunServices({
      db: client.db,
      fabric: {
        jobs,
        onelake: client.fabric.onelake,
        ownerUpn: emu.env.OWNER_UPN,
        ownerObjectId: emu.env.OWNER_OBJECT_ID,
      },
      inspector: new WorkbookInspector(),
      identity: { holderId: randomUUID(), label: 'flaky@net', actor: 'flaky', host: 'net' },
      logger: quietLogger(),
      timings: FAST_TIMINGS,
    });
    const before = emu.jobs.list().length;
    const run = await services.orchestrator.start({ inputPath: SAMPLE_INPUT });
    expect(emu.jobs.list().length - before).toBe(1);
    expect(run.jobInstanceId).toBe(emu.jobs.list()[0]!.id);
    const events = await services.orchestrator.events(run.runId);
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['trigger_outcome_unknown', 'job_reconciled']));
    await until(async () => (await services.orchestrator.get(run.runId)).status === 'Completed', 'the run');
  });

  it('a dropped POST that never reached Fabric: the run is marked Lost and the lock freed at once', async () => {
    emu.faults.inject({
      service: 'jobs',
      method: 'POST',
      path: /\/jobs\/Pipeline\/instances$/,
      times: 1,
      action: { kind: 'drop' },
    });
    const before = emu.jobs.list().length;
    const err = await client.services.orchestrator
      .start({ inputPath: SAMPLE_INPUT })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: expect.stringMatching(/^FABRIC_|OFFLINE|TIMEOUT/) });
    expect((err as Error).message).toMatch(/marked Lost/);
    expect(emu.jobs.list().length).toBe(before);
    expect((await client.services.orchestrator.lockStatus()).held).toBe(false);
    const lost = (
      await client.services.orchestrator.list({ limit: 1, offset: 0, sort: 'createdAt', direction: 'desc' })
    ).runs[0];
    expect(lost?.status).toBe('Lost');
  });

  it('force release needs a reason and audits it with the previous holder', async () => {
    const lock = new RunLockRepo(client.db, { identity: { actor: 'ghost', host: 'gone' } });
    const orphanRun = randomUUID();
    const grant = await lock.acquire({
      holderId: randomUUID(),
      holderLabel: 'ghost@gone',
      runId: orphanRun,
      leaseSec: 600,
    });
    expect('token' in grant).toBe(true);
    const { orchestrator } = client.services;
    await expect(orchestrator.start({ inputPath: SAMPLE_INPUT })).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining(`ghost@gone for run ${orphanRun}`),
    });
    await expect(orchestrator.forceRelease('  ')).rejects.toMatchObject({ code: 'VALIDATION' });
    const r = await orchestrator.forceRelease('ghost laptop was reimaged');
    expect(r).toEqual({ released: true, previousHolderLabel: 'ghost@gone', previousRunId: orphanRun });
    const audit = await client.services.runs.events(orphanRun, 10);
    expect(audit.find((e) => e.kind === 'lock_force_released')).toMatchObject({
      actor: 'rescuer',
      message: 'ghost laptop was reimaged',
    });
    expect((await orchestrator.lockStatus()).held).toBe(false);
  });

  it('after a sleep the monitor renews its lease first, or drops it when another client took over', async () => {
    emu.faults.nextJob({ kind: 'hang' });
    const run = await client.services.orchestrator.start({ inputPath: SAMPLE_INPUT });
    const { monitor, lock, orchestrator } = client.services;
    await until(
      async () => (await orchestrator.lockStatus()).monitor?.holderLabel === client.label || undefined,
      'our monitor lease',
    );
    monitor.suspend();
    const other = await openClient(emu, tdb, { name: 'nightowl' });
    try {
      await until(
        async () => (await orchestrator.lockStatus()).monitor?.holderLabel === other.label || undefined,
        'the other client to take over',
      );
      await monitor.resume();
      // Still the other client's: ours was dropped on resume instead of fighting for it.
      await new Promise((r) => setTimeout(r, 500));
      expect((await lock.show()).monitor?.holderLabel).toBe(other.label);
      await orchestrator.cancel(run.runId);
      await until(
        async () => (await orchestrator.get(run.runId)).status === 'Cancelled',
        'the run to be cancelled',
      );
    } finally {
      await other.close();
    }
  });

  it('after a force release a second run can start; both are monitored to their ends', async () => {
    const { orchestrator } = client.services;
    emu.faults.nextJob({ kind: 'hang' });
    const first = await orchestrator.start({ inputPath: SAMPLE_INPUT });
    await orchestrator.forceRelease('first run is stuck in Fabric; starting a corrected one');
    const second = await orchestrator.start({ inputPath: SAMPLE_INPUT });
    await until(
      async () => (await orchestrator.get(second.runId)).status === 'Completed',
      'the second run to complete',
    );
    expect((await orchestrator.get(first.runId)).status).toBe('InProgress');
    await orchestrator.cancel(first.runId);
    await until(
      async () => (await orchestrator.get(first.runId)).status === 'Cancelled',
      'the first run to be cancelled',
    );
    expect((await orchestrator.lockStatus()).held).toBe(false);
  });
  it('a job Fabric no longer knows: kept while young, then Lost with the lock freed, once the job list agrees', async () => {
    const { runId } = await crashedStarter();
    const runs = new RunRepo(client.db);
    const lock = new RunLockRepo(client.db, { identity: { actor: 'crashed', host: 'deadhost' } });
    const ghostJob = randomUUID();
    await runs.attachJob(runId, { jobInstanceId: ghostJob, location: null });
    await lock.transition(runId, 'triggering', 'NotStarted', null, { message: 'Job accepted by Fabric' });
    await lock.transition(runId, 'NotStarted', 'InProgress', null, { message: 'Fabric reports InProgress' });
    const { orchestrator, monitor } = client.services;
    // Younger than the grace (default 600 s): a 404 is waited out, the run stays active, the lock held.
    await until(
      async () => client.logger.lines.some((l) => l.includes('does not know') && l.includes(ghostJob)),
      'the monitor to meet the 404',
    );
    expect((await orchestrator.get(runId)).status).toBe('InProgress');
    expect((await orchestrator.lockStatus()).held).toBe(true);
    monitor.suspend();
    const janitor = await openClient(emu, tdb, { name: 'janitor', timings: { lostJobGraceSec: 0 } });
    try {
      const lost = await until(async () => {
        const r = await orchestrator.get(runId);
        return r.status === 'Lost' ? r : undefined;
      }, 'the run to be marked Lost');
      expect(lost.failure?.message).toMatch(new RegExp(`Fabric no longer knows job ${ghostJob}`));
      await until(async () => !(await orchestrator.lockStatus()).held, 'the lock to be released');
      const events = await orchestrator.events(runId);
      expect(events.find((e) => e.kind === 'run_lost')?.data).toMatchObject({ jobInstanceId: ghostJob });
      expect(events.filter((e) => e.kind === 'lock_released')).toHaveLength(1);
    } finally {
      await janitor.close();
      await monitor.resume();
    }
  });
});
