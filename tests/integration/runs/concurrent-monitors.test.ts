import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../../src/emulator';
import { runSalesPipeline } from '../../../src/main/ingest/run-pipeline';
import { createTestDatabase, type TestDatabase } from '../../support/pg';
import { openClient, SAMPLE_INPUT, startTestEmulator, until, type Client } from './harness';

// A whole run per test; generous on a shared 2-core machine where other suites run too.
vi.setConfig({ testTimeout: 180_000 });

// Several clients (separate pools, separate orchestrators and monitors) watch one run while Fabric throttles,
// fails and drops connections: every transition must be recorded exactly once and the lock released once.

const labelOf = (c: Client): string => c.label;
const JOB_GET = /\/jobs\/instances\/[^/]+$/;

describe.each([2, 5])('%i concurrent monitors over one run with injected Fabric faults', (n) => {
  let emu: Emulator;
  let tdb: TestDatabase;
  const clients: Client[] = [];

  beforeAll(async () => {
    // The engine waits a few seconds first, so the run outlives a monitor lease and a takeover can be seen.
    emu = await startTestEmulator({
      speed: 5,
      pipelineRunner: async (req) => {
        await new Promise((r) => setTimeout(r, 5_000));
        return runSalesPipeline(req);
      },
    });
    tdb = await createTestDatabase();
    for (let i = 0; i < n; i++) clients.push(await openClient(emu, tdb, { name: `watcher${i}` }));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await emu?.stop();
    await tdb?.drop();
  });

  it('records each transition once and releases the lock once', async () => {
    emu.faults.inject({
      service: 'jobs',
      method: 'GET',
      path: JOB_GET,
      times: 3,
      action: { kind: 'status', status: 429, retryAfterSec: 1 },
    });
    emu.faults.inject({
      service: 'jobs',
      method: 'GET',
      path: JOB_GET,
      times: 3,
      action: { kind: 'status', status: 503 },
    });
    emu.faults.inject({ service: 'jobs', method: 'GET', path: JOB_GET, times: 3, action: { kind: 'drop' } });
    const run = await clients[0]!.services.orchestrator.start({ inputPath: SAMPLE_INPUT });
    const observer = clients[n - 1]!.services.orchestrator;
    // The client polling Fabric goes to sleep mid-run (its lease lapses without a release): another takes over.
    await until(
      async () => (await observer.get(run.runId)).status === 'InProgress',
      'the run to be in progress',
    );
    const monitorLabel = await until(
      async () => (await observer.lockStatus()).monitor?.holderLabel,
      'a monitor',
    );
    const sleeper = clients.find((c) => labelOf(c) === monitorLabel)!;
    sleeper.services.monitor.suspend();
    const successor = await until(async () => {
      const m = (await observer.lockStatus()).monitor;
      return m && m.holderLabel !== monitorLabel ? m.holderLabel : undefined;
    }, 'another client to take the monitor lease over');
    expect(successor).toMatch(/^watcher\d@testhost$/);
    await until(
      async () => (await observer.get(run.runId)).status === 'Completed',
      'the run to complete',
      120_000,
    );
    await until(async () => !(await observer.lockStatus()).held, 'the lock to be released');
    // Let every monitor look once more: a late duplicate write would show up now.
    await new Promise((r) => setTimeout(r, 1_000));

    const events = await observer.events(run.runId);
    const transitions = events
      .filter((e) => e.kind === 'status_changed')
      .map((e) => `${e.fromStatus}>${e.toStatus}`);
    expect(new Set(transitions).size).toBe(transitions.length);
    expect(transitions[0]).toBe('triggering>NotStarted');
    expect(transitions.at(-1)).toMatch(/>Completed$/);
    expect(events.filter((e) => e.kind === 'lock_released')).toHaveLength(1);
    expect(emu.faults.pendingRules()).toBe(0);
    const row = await clients[0]!.services.runs.get(run.runId);
    expect(row?.kpis?.run_id).toBe(run.runId);
    // More than one client did monitoring work or at least competed for the lease; all saw the same row.
    for (const c of clients) expect((await c.services.orchestrator.get(run.runId)).status).toBe('Completed');
    const completedBy = events.find((e) => e.toStatus === 'Completed')?.actor;
    expect(`${completedBy}@testhost`).not.toBe(monitorLabel);
    // Every client heard of the run's end by NOTIFY, whoever recorded it.
    for (const c of clients) {
      await until(
        async () =>
          c.runChanges.some((e) => e.run?.runId === run.runId && e.run.status === 'Completed') || undefined,
        `${c.label} to be told the run completed`,
      );
      expect(c.lockChanges.some((l) => l.held && l.runId === run.runId)).toBe(true);
    }
    const fabricGets = emu.requests.count({ service: 'jobs', method: 'GET' });
    expect(fabricGets).toBeGreaterThan(0);
  });
});
