import { describe, expect, it } from 'vitest';
import type { RunNotifier } from '../../../../src/renderer/src/pages/monitor/browser-notifier';
import type { RunEndNotice } from '../../../../src/renderer/src/pages/monitor/run-end-notice';
import { createMonitorStore } from '../../../../src/renderer/src/stores/monitor';
import type { Run, RunEvent } from '../../../../src/shared/contract/runs';
import { createFakePortal, type Call } from '../fake-portal';
import { makeEvent, makeRun, transition } from './fixtures';

const OTHER = '11111111-2222-4333-8444-555555555555';
const settle = () => new Promise((r) => setTimeout(r, 0));

function setup(initial: { runs: Run[]; events: Record<string, RunEvent[]> }) {
  const db = { runs: [...initial.runs], events: { ...initial.events } };
  const fake = createFakePortal(({ channel, input }: Call) => {
    const i = input as { runId?: string };
    switch (channel) {
      case 'runs.list':
        return { ok: true, value: { runs: db.runs, total: db.runs.length, limit: 8, offset: 0 } };
      case 'runs.get': {
        const run = db.runs.find((r) => r.runId === i.runId);
        return run
          ? { ok: true, value: run }
          : { ok: false, error: { code: 'NOT_FOUND', message: `There is no run ${i.runId}.` } };
      }
      case 'runs.events':
        return { ok: true, value: { events: db.events[i.runId ?? ''] ?? [] } };
      case 'runs.stats':
        return {
          ok: true,
          value: { count: 3, medianMs: 40_000, p90Ms: 70_000, durationsMs: [30_000, 40_000, 70_000] },
        };
      case 'lock.status':
        return { ok: false, error: { code: 'DB_UNAVAILABLE', message: 'down' } };
      default:
        return { ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}` } };
    }
  });
  const shown: RunEndNotice[] = [];
  const notifier: RunNotifier = {
    permission: () => 'granted',
    requestPermission: async () => 'granted',
    show: (n) => void shown.push(n),
  };
  const store = createMonitorStore({ portal: fake.portal, notifier });
  return { ...fake, db, store, shown };
}

describe('monitor store', () => {
  it('follows the newest run with its events and the duration stats', async () => {
    const run = makeRun();
    const { store, calls } = setup({
      runs: [run],
      events: { [run.runId]: [makeEvent({ kind: 'run_requested' })] },
    });
    await store.getState().load();
    await settle();
    const s = store.getState();
    expect(s.latest).toEqual({ status: 'ready', value: run });
    // The shown run is not part of its own baseline.
    expect(calls.filter((c) => c.channel === 'runs.stats').map((c) => c.input)).toEqual([
      { limit: 50, excludeRunId: run.runId },
    ]);
    expect(s.events.status === 'ready' && s.events.value.map((e) => e.kind)).toEqual(['run_requested']);
    expect(s.stats.status === 'ready' && s.stats.value.medianMs).toBe(40_000);
    expect(s.recent.status === 'ready' && s.recent.value).toHaveLength(1);
  });

  it('appends new events live and notifies once when a run it saw running ends', async () => {
    const run = makeRun({ status: 'InProgress' });
    const { store, emit, db, shown } = setup({ runs: [run], events: { [run.runId]: [] } });
    const disconnect = store.getState().connect();
    await store.getState().load();
    const done = makeRun({ status: 'Completed', finishedAt: '2026-01-05T10:01:00.000Z' });
    db.runs = [done];
    db.events[run.runId] = [transition('InProgress', 'Completed', '2026-01-05T10:01:00.000Z')];
    emit('run.changed', { runId: run.runId, run: done });
    emit('run.changed', { runId: run.runId, run: done });
    await settle();
    const s = store.getState();
    expect(s.latest.status === 'ready' && s.latest.value?.status).toBe('Completed');
    expect(s.events.status === 'ready' && s.events.value.map((e) => e.toStatus)).toEqual(['Completed']);
    expect(s.recent.status === 'ready' && s.recent.value[0]?.status).toBe('Completed');
    expect(shown.map((n) => n.title)).toEqual(['Run completed']);
    // A list read started before the end answers late with the run still active: no second announcement.
    db.runs = [run];
    await store.getState().load();
    db.runs = [done];
    emit('run.changed', { runId: run.runId, run: done });
    await settle();
    expect(shown).toHaveLength(1);
    disconnect();
  });

  it('stays on a pinned run when another run starts, and follows the newest again on request', async () => {
    const old = makeRun({ runId: OTHER, status: 'Completed', finishedAt: '2026-01-04T10:00:00.000Z' });
    const { store, emit, db, calls } = setup({ runs: [old], events: {} });
    store.getState().connect();
    await store.getState().load();
    store.getState().showRun(OTHER);
    await settle();
    await settle();
    const fresh = makeRun({ status: 'triggering', jobInstanceId: null });
    db.runs = [fresh, old];
    emit('run.changed', { runId: fresh.runId, run: fresh });
    await settle();
    let s = store.getState();
    expect(s.pinnedRunId).toBe(OTHER);
    expect(s.latest.status === 'ready' && s.latest.value?.runId).toBe(OTHER);
    expect(s.recent.status === 'ready' && s.recent.value.map((r) => r.runId)).toEqual([fresh.runId, OTHER]);

    store.getState().showRun(null);
    await settle();
    await settle();
    s = store.getState();
    expect(s.latest.status === 'ready' && s.latest.value?.runId).toBe(fresh.runId);
    expect(calls.filter((c) => c.channel === 'runs.events').length).toBeGreaterThan(0);
  });

  it('shows the contract error of a deep link to a run that does not exist', async () => {
    const { store } = setup({ runs: [makeRun()], events: {} });
    store.getState().showRun(OTHER);
    await settle();
    await settle();
    const s = store.getState();
    expect(s.latest).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
  });
});
