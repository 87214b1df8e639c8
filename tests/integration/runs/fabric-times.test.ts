import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../../src/emulator';
import { parseFabricTime } from '../../../src/main/runs/job-match';
import { createTestDatabase, type TestDatabase } from '../../support/pg';
import { openClient, SAMPLE_INPUT, startTestEmulator, until, type Client } from './harness';

// The Demo case end to end: a run that finishes in Fabric between two polls is first seen Completed. The
// monitor's one look records NotStarted -> Completed with the job instance's startTimeUtc/endTimeUtc
// (real PostgreSQL, emulator over HTTPS, the real Job Scheduler client), so the run has a start time.

vi.setConfig({ testTimeout: 180_000 });

describe('a run seen only after it ended (real PostgreSQL, emulator)', () => {
  let emu: Emulator;
  let tdb: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    emu = await startTestEmulator();
    tdb = await createTestDatabase();
    client = await openClient(emu, tdb, { monitor: false });
  });
  afterAll(async () => {
    await client?.close();
    await emu?.stop();
    await tdb?.drop();
  });

  it("takes the job's start and end from Fabric", async () => {
    const { orchestrator, monitor } = client.services;
    const started = await orchestrator.start({ inputPath: SAMPLE_INPUT, parameters: {} });
    expect(started.status).toBe('NotStarted');
    const job = await until(async () => {
      const j = emu.jobs.get(started.jobInstanceId!);
      return j?.status === 'Completed' ? j : undefined;
    }, 'the job to complete in the emulator');

    await monitor.tick();

    const run = await orchestrator.get(started.runId);
    expect(run.status).toBe('Completed');
    expect(run.startedAt).toBe(new Date(parseFabricTime(job.startTimeUtc)).toISOString());
    expect(run.finishedAt).toBe(new Date(parseFabricTime(job.endTimeUtc!)).toISOString());
    const events = await orchestrator.events(started.runId);
    const changes = events.filter((e) => e.kind === 'status_changed');
    expect(changes.map((e) => `${e.fromStatus}>${e.toStatus}`)).toEqual([
      'triggering>NotStarted',
      'NotStarted>Completed',
    ]);
    expect(changes[1]?.data).toMatchObject({ startTimeUtc: job.startTimeUtc, endTimeUtc: job.endTimeUtc });
  });
});
