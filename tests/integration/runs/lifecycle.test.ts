import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../../src/emulator';
import { ARTIFACT_FILES } from '../../../src/shared/artifacts';
import { createTestDatabase, type TestDatabase } from '../../support/pg';
import { openClient, SAMPLE_INPUT, startTestEmulator, until, type Client } from './harness';

// A whole run per test; generous on a shared 2-core machine where other suites run too.
vi.setConfig({ testTimeout: 180_000 });

describe('a run through the orchestrator (real PostgreSQL, emulator over HTTPS)', () => {
  let emu: Emulator;
  let tdb: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    emu = await startTestEmulator();
    tdb = await createTestDatabase();
    client = await openClient(emu, tdb);
  });
  afterAll(async () => {
    await client?.close();
    await emu?.stop();
    await tdb?.drop();
  });

  it('goes NotStarted → InProgress → Completed, writes the results set, copies kpis, releases the lock once', async () => {
    const { orchestrator, runs } = client.services;
    const started = await orchestrator.start({ inputPath: SAMPLE_INPUT, parameters: { note: 'lifecycle' } });
    expect(started.status).toBe('NotStarted');
    expect(started.jobInstanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.inputSize).toBeGreaterThan(1_000_000);
    expect(started.inputSha256).toMatch(/^[0-9a-f]{64}$/);

    // The job got the run's parameters and the owner fields.
    const job = emu.jobs.get(started.jobInstanceId!)!;
    expect(job.parameters).toMatchObject({
      run_id: started.runId,
      input_path: SAMPLE_INPUT,
      requested_by: started.requestedBy,
      note: 'lifecycle',
    });
    expect(job.ownerUpn).toBe(emu.env.OWNER_UPN);

    const lockDuring = await orchestrator.lockStatus();
    expect(lockDuring).toMatchObject({ held: true, runId: started.runId, holderLabel: started.requestedBy });

    const done = await until(async () => {
      const r = await orchestrator.get(started.runId);
      return r.status === 'Completed' ? r : undefined;
    }, 'the run to complete');
    expect(done.finishedAt).not.toBeNull();
    expect(done.startedAt).not.toBeNull();
    expect(done.kpisSource).toBe(`onelake:Files/results/runs/${started.runId}/kpis.json`);

    const runDir = join(emu.lakehouseDir, 'Files', 'results', 'runs', started.runId);
    expect(readdirSync(runDir).sort()).toEqual([...ARTIFACT_FILES].sort());
    const kpisFile = JSON.parse(readFileSync(join(runDir, 'kpis.json'), 'utf8')) as unknown;
    const row = await runs.get(started.runId);
    expect(row?.kpis).toEqual(kpisFile);

    const events = await orchestrator.events(started.runId);
    const transitions = events
      .filter((e) => e.kind === 'status_changed')
      .map((e) => `${e.fromStatus}>${e.toStatus}`);
    expect(transitions).toEqual(['triggering>NotStarted', 'NotStarted>InProgress', 'InProgress>Completed']);
    expect(events.filter((e) => e.kind === 'lock_released')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'lock_acquired')).toHaveLength(1);
    expect(events[0]?.kind).toBe('lock_acquired');

    await until(async () => !(await orchestrator.lockStatus()).held, 'the lock to be free');
    const results = await client.services.results.current();
    expect(results).toMatchObject({ runId: started.runId, source: 'onelake' });
    expect(results.kpis).toEqual(kpisFile);

    // OneLake loses the file: the database copy answers, saying so.
    rmSync(join(runDir, 'kpis.json'));
    const fallback = await client.services.results.current(started.runId);
    expect(fallback.source).toBe('database');
    expect(fallback.reason).toMatch(/could not be read .*copy saved in the database/);
    expect(fallback.kpis).toEqual(kpisFile);
  });

  it('refuses a second start while a run holds the lock, naming the holder, run and time; cancel ends it', async () => {
    const { orchestrator } = client.services;
    emu.faults.nextJob({ kind: 'hang' });
    const first = await orchestrator.start({ inputPath: SAMPLE_INPUT });
    const second = await orchestrator.start({ inputPath: SAMPLE_INPUT }).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'LOCKED' });
    expect((second as Error).message).toContain(first.requestedBy);
    expect((second as Error).message).toContain(first.runId);
    expect((second as Error).message).toMatch(/since \d{4}-\d{2}-\d{2}T/);
    await until(
      async () => (await orchestrator.get(first.runId)).status === 'InProgress',
      'the run to be in progress',
    );
    const cancelling = await orchestrator.cancel(first.runId);
    expect(cancelling.status).toBe('InProgress');
    const ended = await until(async () => {
      const r = await orchestrator.get(first.runId);
      return r.status === 'Cancelled' ? r : undefined;
    }, 'Fabric to report Cancelled');
    expect(ended.finishedAt).not.toBeNull();
    const kinds = (await orchestrator.events(first.runId)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'cancel_requested')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'lock_released')).toHaveLength(1);
    await expect(orchestrator.cancel(first.runId)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('rejects a missing input and a workbook without the required columns before taking the lock', async () => {
    const { orchestrator, files } = client.services;
    await expect(orchestrator.start({ inputPath: 'Files/import/nope.xlsx' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const list = await files.list();
    expect(list.map((f) => f.path)).toContain(SAMPLE_INPUT);
    const lock = await orchestrator.lockStatus();
    expect(lock.held).toBe(false);
  });
});
