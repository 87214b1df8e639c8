import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChannelOutput, EventPayload } from '../../../src/shared/contract';
import { useComposedApp } from '../../support/composed-app';
import { FAST_TIMINGS, SAMPLE_INPUT, until } from '../runs/harness';

// The artifacts channels through the real composition root: a Demo-profile run (PGlite + in-process
// emulator), made available offline over IPC, read, exported, removed and opened again from its bundle.

const demo = useComposedApp({ tempPrefix: 'portal-artifacts-ipc-', timings: FAST_TIMINGS });
const call = demo.send;

describe('artifacts over IPC (Demo profile)', () => {
  it('caches the latest run with progress events, pages it, exports, removes and reopens it as a bundle', async () => {
    const run = (await call('runs.start', { inputPath: SAMPLE_INPUT })) as ChannelOutput<'runs.start'>;
    await until(
      async () =>
        ((await call('runs.get', { runId: run.runId })) as ChannelOutput<'runs.get'>).status === 'Completed',
      'the demo run to complete',
    );
    const progress: EventPayload<'download.progress'>[] = [];
    const off = demo.app.events.on('download.progress', (p) => progress.push(p));
    const made = (await call('cache.makeAvailable', { latest: 1 })) as ChannelOutput<'cache.makeAvailable'>;
    off();
    expect(made.runs).toEqual([expect.objectContaining({ runId: run.runId, state: 'downloaded' })]);
    expect(progress.at(-1)).toMatchObject({ runId: run.runId, state: 'done' });
    expect(progress.at(-1)?.bytesDone).toBe(made.runs[0]?.bytes);

    const summary = (await call('artifacts.summary', {
      runId: run.runId,
    })) as ChannelOutput<'artifacts.summary'>;
    expect(summary.kpis?.run_id).toBe(run.runId);
    const first = (await call('artifacts.query', {
      runId: run.runId,
      limit: 20,
    })) as ChannelOutput<'artifacts.query'>;
    expect(first.total).toBe(summary.kpis?.rows_valid);
    expect(first.rows).toHaveLength(20);
    const sorted = (await call('artifacts.query', {
      runId: run.runId,
      limit: 5,
      sort: [{ column: 'quantity', dir: 'desc' }],
      filters: [{ column: 'region', op: 'eq', value: 'EMEA' }],
    })) as ChannelOutput<'artifacts.query'>;
    const q = sorted.columns.findIndex((c) => c.name === 'quantity');
    const r = sorted.columns.findIndex((c) => c.name === 'region');
    expect(sorted.rows.every((row) => row[r] === 'EMEA')).toBe(true);
    expect(sorted.total).toBeLessThan(first.total);
    expect(sorted.rows.map((row) => row[q])).toEqual(
      [...sorted.rows.map((row) => row[q])].sort((a, b) => (b as number) - (a as number)),
    );

    const list = (await call('cache.list', {})) as ChannelOutput<'cache.list'>;
    expect(list.runs).toEqual([
      expect.objectContaining({ runId: run.runId, origin: 'cache', status: 'succeeded' }),
    ]);
    expect(list.totalBytes).toBeGreaterThan(0);
    await expect(call('cache.verify', { runId: run.runId })).resolves.toEqual({
      runId: run.runId,
      ok: true,
      damaged: [],
    });

    const exported = (await call('bundles.export', { runId: run.runId })) as ChannelOutput<'bundles.export'>;
    expect(exported.path.endsWith(`${run.runId}.fdpbundle`)).toBe(true);
    await expect(
      call('bundles.export', { runId: run.runId, destPath: 'relative.zip' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(call('cache.remove', { runId: run.runId })).resolves.toMatchObject({ removed: true });
    expect(((await call('cache.list', {})) as ChannelOutput<'cache.list'>).runs).toEqual([]);

    const opened = (await call('bundles.open', { path: exported.path })) as ChannelOutput<'bundles.open'>;
    expect(opened.runId).toBe(run.runId);
    expect(opened.files).toContain('run/record.json');
    const again = (await call('artifacts.summary', {
      runId: run.runId,
    })) as ChannelOutput<'artifacts.summary'>;
    expect(again).toEqual({ ...summary, origin: 'bundle' });
    expect(await call('artifacts.query', { runId: run.runId, limit: 20 })).toEqual(first);

    await expect(call('cache.setLimit', { limitBytes: 10 * 1024 * 1024 })).resolves.toMatchObject({
      evicted: [],
    });
    await expect(call('cache.setLimit', { limitBytes: 5 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('bundles.open', { path: join(demo.dataDir, 'nope.fdpbundle') })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/does not exist/),
    });
    // a whole demo run (50k-line sample) plus a download and a worker decode: minutes on a loaded 2-core box
  }, 240_000);
});
