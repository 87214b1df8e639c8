import { describe, expect, it } from 'vitest';
import { createResultsStore } from '../../../../src/renderer/src/stores/results';
import type { Kpis } from '../../../../src/shared/artifacts';
import type { OpenedBundle } from '../../../../src/shared/contract/bundles';
import type { Result } from '../../../../src/shared/contract/result';
import { createFakePortal, type Call } from '../fake-portal';

// The Results store showing a chosen run or an opened bundle instead of the current results.

const CUR = '00000000-0000-4000-8000-00000000000c';
const BUN = '00000000-0000-4000-8000-0000000000b1';
const GONE = '00000000-0000-4000-8000-0000000000ff';
const kpis = (runId: string) => ({ run_id: runId, total_revenue: 1 }) as unknown as Kpis;
const ok = (value: unknown): Result<unknown> => ({ ok: true, value });
const tick = () => new Promise((r) => setTimeout(r, 0));
const bundle: OpenedBundle = {
  runId: BUN,
  file: 'q4.fdpbundle',
  exportedAt: '2026-11-26T10:00:00.000Z',
  fromProfile: 'demo',
  openedAt: '2026-11-26T11:00:00.000Z',
  sizeBytes: 100,
  finishedAt: null,
};
const summary = (runId: string, origin: 'cache' | 'bundle') => ({
  runId,
  origin,
  kpis: kpis(runId),
  profile: null,
  metadata: { status: 'succeeded' },
  files: [{ name: 'kpis.json', size: 10 }],
});

function world(options: { commit?: Result<unknown>; verifyOk?: boolean } = {}) {
  return createFakePortal((call: Call) => {
    const input = call.input as Record<string, unknown>;
    switch (call.channel) {
      case 'results.current':
        return ok({ runId: CUR, source: 'onelake', reason: 'r', path: null, kpis: kpis(CUR) });
      case 'runs.list':
        return ok({ runs: [], total: 0, limit: 20, offset: 0 });
      case 'cache.makeAvailable':
        return ok({ runs: [{ runId: input['runIds'], state: 'already-cached', bytes: 1 }] });
      case 'cache.verify':
        return ok({
          runId: BUN,
          ok: options.verifyOk ?? true,
          damaged: options.verifyOk === false ? ['kpis.json'] : [],
        });
      case 'artifacts.summary':
        if (input['runId'] === GONE)
          return {
            ok: false,
            error: { code: 'NOT_FOUND', message: `Run ${GONE} is not available offline.` },
          };
        return ok(summary(input['runId'] as string, input['runId'] === BUN ? 'bundle' : 'cache'));
      case 'bundles.list':
        return ok({ bundles: [bundle] });
      case 'bundles.uploadBegin':
        return ok({ uploadId: '00000000-0000-4000-8000-000000000001', chunkBytes: 4 });
      case 'bundles.uploadChunk':
        return ok({ receivedBytes: ((input['index'] as number) + 1) * 4 });
      case 'bundles.uploadCommit':
        return options.commit ?? ok(bundle);
      case 'artifacts.query':
        return ok({ runId: input['runId'], total: 0, offset: 0, columns: [], rows: [], source: 'parquet' });
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `unexpected ${call.channel}` } };
    }
  });
}

describe('results store: viewing a chosen run', () => {
  it('shows an opened bundle’s run marked as a bundle, then goes back to the current results', async () => {
    const { portal, calls } = world();
    let shown = 0;
    const store = createResultsStore({ portal, onShowRun: () => shown++ });
    await store.getState().load();
    expect(store.getState().grid.getSnapshot().runId).toBe(CUR);

    await store.getState().viewRun(BUN);
    const s = store.getState();
    expect(shown).toBe(1);
    expect(s.viewing).toEqual({ kind: 'bundle', runId: BUN, bundle });
    expect(s.offline).toMatchObject({ status: 'ready', summary: { runId: BUN, origin: 'bundle' } });
    expect(s.previous).toBeNull();
    expect(s.grid.getSnapshot().runId).toBe(BUN);
    // a bundle is never downloaded
    expect(calls.filter((c) => c.channel === 'cache.makeAvailable')).toHaveLength(1);

    // a completed run elsewhere updates the current results quietly; the bundle stays on screen
    await store.getState().load();
    expect(store.getState().viewing?.runId).toBe(BUN);
    expect(store.getState().grid.getSnapshot().runId).toBe(BUN);

    await store.getState().showCurrent();
    expect(store.getState().viewing).toBeNull();
    expect(store.getState().offline).toMatchObject({ status: 'ready', summary: { runId: CUR } });
    expect(store.getState().grid.getSnapshot().runId).toBe(CUR);
  });

  it('says a viewed run that is gone is gone, with no rows', async () => {
    const { portal } = world();
    const store = createResultsStore({ portal });
    await store.getState().viewRun(GONE);
    expect(store.getState().viewing).toEqual({ kind: 'run', runId: GONE });
    expect(store.getState().offline).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
    expect(store.getState().grid.getSnapshot().runId).toBeNull();
  });

  it('checks an opened bundle by hashing it again, never by downloading, and reports damage', async () => {
    const { portal, calls } = world({ verifyOk: false });
    const store = createResultsStore({ portal });
    await store.getState().viewRun(BUN);
    const before = calls.length;
    await store.getState().makeAvailableOffline();
    expect(calls.slice(before).map((c) => c.channel)).toEqual(['cache.verify']);
    expect(store.getState().offline).toMatchObject({
      status: 'error',
      error: {
        code: 'INPUT_INVALID',
        message: expect.stringContaining('kpis.json does not match its sha256'),
      },
    });
  });

  it('refuses a file that is not a bundle before sending anything', async () => {
    const { portal, calls } = world();
    const store = createResultsStore({ portal });
    const opened = await store.getState().openBundle(new File(['x'], 'sales.xlsx'));
    expect(opened).toBe(false);
    expect(calls).toEqual([]);
    expect(store.getState().bundleOpen).toMatchObject({ status: 'error', name: 'sales.xlsx' });
    store.getState().dismissBundleError();
    expect(store.getState().bundleOpen).toEqual({ status: 'idle' });
  });

  it('uploads a bundle in ordered chunks (no file paths in a browser) and shows its run', async () => {
    const { portal, calls } = world();
    const store = createResultsStore({ portal });
    const progress: unknown[] = [];
    store.subscribe((s) => progress.push(s.bundleOpen.status));
    expect(await store.getState().openBundle(new File(['0123456789'], 'q4.fdpbundle'))).toBe(true);
    const upload = calls.filter((c) => c.channel.startsWith('bundles.upload'));
    expect(upload.map((c) => c.channel)).toEqual([
      'bundles.uploadBegin',
      'bundles.uploadChunk',
      'bundles.uploadChunk',
      'bundles.uploadChunk',
      'bundles.uploadCommit',
    ]);
    expect(upload.slice(1, 4).map((c) => (c.input as { index: number; data: string }).index)).toEqual([
      0, 1, 2,
    ]);
    expect(atob((upload[3]?.input as { data: string }).data)).toBe('89');
    expect(progress).toContain('sending');
    expect(store.getState().bundleOpen).toEqual({ status: 'idle' });
    expect(store.getState().viewing).toMatchObject({ kind: 'bundle', runId: BUN });
  });

  it('shows main’s refusal of a bundle with its message and hint', async () => {
    const error = {
      code: 'INPUT_INVALID',
      message: 'The bundle q4.fdpbundle cannot be opened: …',
      hint: 'Ask again.',
    };
    const { portal } = world({ commit: { ok: false, error } as Result<unknown> });
    const store = createResultsStore({ portal });
    expect(await store.getState().openBundle(new File(['0123'], 'q4.fdpbundle'))).toBe(false);
    expect(store.getState().bundleOpen).toEqual({ status: 'error', name: 'q4.fdpbundle', error });
    expect(store.getState().viewing).toBeNull();
  });

  it('follows Electron File → Open… (bundle.opened): the run, or the refusal, on Results', async () => {
    const { portal, emit } = world();
    let shown = 0;
    const store = createResultsStore({ portal, onShowRun: () => shown++ });
    const off = store.getState().connect();
    const error = { code: 'INPUT_INVALID' as const, message: 'The bundle x cannot be opened: truncated.' };
    emit('bundle.opened', { file: 'x.fdpbundle', opened: null, error });
    expect(store.getState().bundleOpen).toEqual({ status: 'error', name: 'x.fdpbundle', error });
    expect(shown).toBe(1);
    emit('bundle.opened', { file: 'q4.fdpbundle', opened: bundle, error: null });
    await tick();
    await tick();
    expect(store.getState().bundleOpen).toEqual({ status: 'idle' });
    expect(store.getState().viewing).toMatchObject({ kind: 'bundle', runId: BUN });
    expect(shown).toBe(2);
    off();
  });
});
