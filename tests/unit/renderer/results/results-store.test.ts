import { describe, expect, it } from 'vitest';
import { createResultsStore } from '../../../../src/renderer/src/stores/results';
import type { Kpis } from '../../../../src/shared/artifacts';
import type { Result } from '../../../../src/shared/contract/result';
import { createFakePortal, type Call } from '../fake-portal';

const CUR = '00000000-0000-4000-8000-00000000000c';
const PREV = '00000000-0000-4000-8000-00000000000b';
const OLDER = '00000000-0000-4000-8000-00000000000a';
const kpis = (runId: string, revenue: number) =>
  ({ run_id: runId, total_revenue: revenue }) as unknown as Kpis;
const run = (runId: string) => ({ runId, hasKpis: true });
const ok = (value: unknown): Result<unknown> => ({ ok: true, value });
const tick = () => new Promise((r) => setTimeout(r, 0));

function world(
  options: {
    summaryFails?: boolean;
    completed?: string[];
    /** runs.list with `to` (created before the shown run) */
    createdBefore?: { runId: string; finishedAt: string }[];
    restores?: { runId: string; previousRunId: string | null }[];
  } = {},
) {
  return createFakePortal((call: Call) => {
    const input = call.input as Record<string, unknown>;
    switch (call.channel) {
      case 'results.current': {
        const id = (input['runId'] as string | undefined) ?? CUR;
        return ok({
          runId: id,
          source: 'onelake',
          reason: 'Read from OneLake.',
          path: null,
          kpis: kpis(id, id === CUR ? 110 : 100),
        });
      }
      case 'runs.list':
        if (input['to'] !== undefined)
          return ok({
            runs: (options.createdBefore ?? []).map((r) => ({ ...r, hasKpis: true })),
            total: 0,
            limit: 20,
            offset: 0,
          });
        return ok({
          runs: (options.completed ?? [CUR, PREV, OLDER]).map(run),
          total: 3,
          limit: 20,
          offset: 0,
        });
      case 'runs.get':
        return ok({
          runId: input['runId'],
          createdAt: '2026-01-01T10:00:00.000Z',
          finishedAt: '2026-01-01T10:05:00.000Z',
        });
      case 'runs.restores':
        return ok({
          restores: (options.restores ?? []).map((r, i) => ({
            id: i + 1,
            ...r,
            restoredAt: '2026-02-01T09:00:00.000Z',
            restoredBy: 'ann@contoso.com',
            host: 'laptop',
            reason: 'March numbers for the board',
          })),
          currentRunId: CUR,
        });
      case 'cache.makeAvailable':
        return ok({ runs: [{ runId: CUR, state: 'downloaded', bytes: 10 }] });
      case 'artifacts.summary':
        return options.summaryFails
          ? {
              ok: false,
              error: {
                code: 'INPUT_INVALID',
                message: 'The offline copy of run x is damaged.',
                hint: 'Download it again.',
              },
            }
          : ok({
              runId: CUR,
              origin: 'cache',
              kpis: null,
              profile: null,
              metadata: {},
              files: [{ name: 'kpis.json', size: 10 }],
            });
      case 'artifacts.query':
        return ok({
          runId: CUR,
          total: 2,
          offset: 0,
          columns: [{ name: 'n', type: 'integer' }],
          rows: [[1], [2]],
          source: 'parquet',
        });
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `unexpected ${call.channel}` } };
    }
  });
}

describe('results store', () => {
  it('loads the current KPIs, the previous successful run’s KPIs, the offline copy and the first rows', async () => {
    const { portal, calls } = world();
    const store = createResultsStore({ portal });
    await store.getState().load();
    await tick();
    const s = store.getState();
    expect(s.current).toMatchObject({ status: 'ready', value: { runId: CUR } });
    expect(s.previous?.run_id).toBe(PREV);
    expect(s.offline).toMatchObject({ status: 'ready', summary: { files: [{ name: 'kpis.json' }] } });
    expect(calls.find((c) => c.channel === 'cache.makeAvailable')?.input).toEqual({ runIds: [CUR] });
    expect(calls.find((c) => c.channel === 'runs.list')?.input).toMatchObject({
      status: ['Completed'],
      sort: 'finishedAt',
    });
    expect(s.grid.getSnapshot()).toMatchObject({ runId: CUR, total: 2 });
    expect(s.grid.row(1)).toEqual([2]);
  });

  it('compares restored (older) results with the run that finished before them', async () => {
    const { portal } = world({ completed: [OLDER, CUR, PREV] });
    const store = createResultsStore({ portal });
    await store.getState().load();
    expect(store.getState().previous?.run_id).toBe(PREV);
    const alone = createResultsStore({ portal: world({ completed: [CUR] }).portal });
    await alone.getState().load();
    expect(alone.getState().previous).toBeNull();
  });

  it('compares restored results older than the newest 20 with a run that finished before them, never a newer one', async () => {
    const store = createResultsStore({
      portal: world({
        completed: [PREV, OLDER],
        createdBefore: [
          { runId: CUR, finishedAt: '2026-01-01T10:05:00.000Z' },
          { runId: OLDER, finishedAt: '2026-01-01T09:00:00.000Z' },
        ],
      }).portal,
    });
    await store.getState().load();
    expect(store.getState().previous?.run_id).toBe(OLDER);
    const none = createResultsStore({ portal: world({ completed: [PREV], createdBefore: [] }).portal });
    await none.getState().load();
    expect(none.getState().previous).toBeNull();
  });

  it('knows when the current results were restored, and not once a newer restore or run replaced them', async () => {
    const restored = createResultsStore({
      portal: world({ restores: [{ runId: CUR, previousRunId: PREV }] }).portal,
    });
    await restored.getState().load();
    expect(restored.getState().restored).toMatchObject({
      runId: CUR,
      previousRunId: PREV,
      restoredBy: 'ann@contoso.com',
    });
    const replaced = createResultsStore({
      portal: world({ restores: [{ runId: OLDER, previousRunId: CUR }] }).portal,
    });
    await replaced.getState().load();
    expect(replaced.getState().restored).toBeNull();
  });

  it('shows a damaged offline copy as an error and follows download progress of the current run only', async () => {
    const { portal, emit } = world({ summaryFails: true });
    const store = createResultsStore({ portal });
    const off = store.getState().connect();
    await store.getState().load();
    expect(store.getState().offline).toMatchObject({
      status: 'error',
      error: { code: 'INPUT_INVALID', hint: 'Download it again.' },
    });
    expect(store.getState().grid.getSnapshot().runId).toBeNull();

    store.setState({ offline: { status: 'downloading', bytesDone: 0, bytesTotal: 0 } });
    emit('download.progress', { runId: OLDER, bytesDone: 5, bytesTotal: 10, state: 'downloading' });
    expect(store.getState().offline).toMatchObject({ bytesDone: 0 });
    emit('download.progress', { runId: CUR, bytesDone: 5, bytesTotal: 10, state: 'downloading' });
    expect(store.getState().offline).toEqual({ status: 'downloading', bytesDone: 5, bytesTotal: 10 });
    off();
  });

  it('reads a viewed run again when the page comes back while its first reading was under way', async () => {
    // The first artifacts.summary of the viewed run is held back; the bundle is removed meanwhile (another
    // page), so the second answers NOT_FOUND. The page coming back (load) must ask again, not skip.
    let releaseFirst: () => void = () => undefined;
    const first = new Promise<void>((r) => (releaseFirst = r));
    let summaries = 0;
    const base = world();
    const { portal } = createFakePortal(async (call) => {
      if (call.channel !== 'artifacts.summary') return base.portal.invoke(call.channel, call.input as never);
      summaries += 1;
      if (summaries === 1) {
        await first;
        return ok({ runId: OLDER, origin: 'bundle', kpis: null, profile: null, metadata: {}, files: [] });
      }
      return {
        ok: false,
        error: { code: 'NOT_FOUND', message: `Run ${OLDER} is not on this computer.` },
      };
    });
    const store = createResultsStore({ portal });
    const viewing = store.getState().viewRun(OLDER);
    await tick();
    expect(store.getState().offline.status).toBe('downloading');
    const reload = store.getState().load();
    releaseFirst();
    await Promise.all([viewing, reload]);
    for (let i = 0; i < 20 && store.getState().offline.status !== 'error'; i++) await tick();
    expect(summaries).toBe(2);
    expect(store.getState().offline).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
  });

  it('keeps a removal on screen when an older reading of the run answers after it', async () => {
    // The first artifacts.summary was asked before the bundle was removed and answers last, with the run
    // as it was; the removal's own reading (NOT_FOUND) is the newer one and must stay.
    let releaseFirst: () => void = () => undefined;
    const first = new Promise<void>((r) => (releaseFirst = r));
    let summaries = 0;
    const base = world();
    const { portal } = createFakePortal(async (call) => {
      if (call.channel === 'cache.remove') return ok({ removed: true, freedBytes: 1 });
      if (call.channel !== 'artifacts.summary') return base.portal.invoke(call.channel, call.input as never);
      summaries += 1;
      if (summaries === 1) {
        await first;
        return ok({ runId: OLDER, origin: 'bundle', kpis: null, profile: null, metadata: {}, files: [] });
      }
      return { ok: false, error: { code: 'NOT_FOUND', message: `Run ${OLDER} is not on this computer.` } };
    });
    const store = createResultsStore({ portal });
    const viewing = store.getState().viewRun(OLDER);
    await tick();
    await expect(store.getState().removeBundle(OLDER)).resolves.toBeNull();
    expect(store.getState().offline).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
    releaseFirst();
    await viewing;
    for (let i = 0; i < 5; i++) await tick();
    expect(summaries).toBe(2);
    expect(store.getState().offline).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
    expect(store.getState().grid.getSnapshot().runId).toBeNull();
  });
});
