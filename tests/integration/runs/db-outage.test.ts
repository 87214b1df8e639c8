import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../../src/emulator';
import { runSalesPipeline } from '../../../src/main/ingest/run-pipeline';
import { createTestDatabase, startPostgres, type TestDatabase, type TestPostgres } from '../../support/pg';
import { openClient, SAMPLE_INPUT, startTestEmulator, until, type Client } from './harness';

// A whole run per test; generous on a shared 2-core machine where other suites run too.
vi.setConfig({ testTimeout: 180_000 });

// The shared database goes away in the middle of a run (a dedicated server, stopped and started again):
// meanwhile the services answer DB_UNAVAILABLE; when it is back, the run's final status, events and KPIs
// are recorded by the monitor that kept watching Fabric.

describe('the database goes away mid-run', () => {
  let server: TestPostgres;
  let tdb: TestDatabase;
  let emu: Emulator;
  let client: Client;
  let jobDelayMs = 4_000;

  beforeAll(async () => {
    server = await startPostgres({ maxConnections: 40 });
    tdb = await createTestDatabase(server.url);
    emu = await startTestEmulator({
      pipelineRunner: async (req) => {
        await new Promise((r) => setTimeout(r, jobDelayMs));
        return runSalesPipeline(req);
      },
    });
    client = await openClient(emu, tdb, { name: 'survivor' });
  });
  afterAll(async () => {
    await client?.close();
    await emu?.stop();
    await server?.dispose();
  });

  it('reports DB_UNAVAILABLE while down and records the final status, events and KPIs when it returns', async () => {
    const { orchestrator, runs } = client.services;
    const run = await orchestrator.start({ inputPath: SAMPLE_INPUT });
    await until(
      async () => (await orchestrator.get(run.runId)).status === 'InProgress',
      'the run to be in progress',
    );

    await server.stop();
    await expect(orchestrator.lockStatus()).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' });
    await expect(orchestrator.get(run.runId)).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' });
    // Fabric finishes the run while the database is away.
    await until(
      async () => emu.jobs.get(run.jobInstanceId!)?.status === 'Completed' || undefined,
      'Fabric to finish',
      90_000,
    );
    expect(client.logger.lines.some((l) => l.includes('Run monitor round failed'))).toBe(true);
    jobDelayMs = 0;

    await server.start();
    const done = await until(
      async () => {
        const r = await orchestrator.get(run.runId);
        return r.status === 'Completed' ? r : undefined;
      },
      'the run to be recorded as Completed after the outage',
      90_000,
    );
    expect(done.hasKpis).toBe(true);
    expect((await runs.get(run.runId))?.kpis?.run_id).toBe(run.runId);
    const events = await orchestrator.events(run.runId);
    const transitions = events
      .filter((e) => e.kind === 'status_changed')
      .map((e) => `${e.fromStatus}>${e.toStatus}`);
    expect(transitions).toEqual(['triggering>NotStarted', 'NotStarted>InProgress', 'InProgress>Completed']);
    await until(async () => !(await orchestrator.lockStatus()).held, 'the lock to be released');
    const after = (await orchestrator.events(run.runId)).filter((e) => e.kind === 'lock_released');
    expect(after).toHaveLength(1);
  });
});
