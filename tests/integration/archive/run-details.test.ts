import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useComposedApp } from '../../support/composed-app';
import { FAST_TIMINGS, SAMPLE_INPUT, until } from '../runs/harness';

// runs.detail and runs.restores through the real composition root: Demo profile (PGlite + the in-process
// emulator running the local engine), two real runs, a real restore, and an artifact removed on disk.

const demo = useComposedApp({ tempPrefix: 'portal-archive-ipc-', timings: FAST_TIMINGS });
const call = demo.call;

async function completedRun(): Promise<string> {
  const run = await call('runs.start', { inputPath: SAMPLE_INPUT, parameters: { note: 'archive' } });
  await until(
    async () => (await call('runs.get', { runId: run.runId })).status === 'Completed',
    'the demo run to complete',
  );
  return run.runId;
}

describe('archive channels (Demo profile)', () => {
  it('details a run (KPIs, rule counts, files), records restores and says what is missing', async () => {
    const first = await completedRun();
    const detail = await call('runs.detail', { runId: first });
    expect(detail.run).toMatchObject({ runId: first, status: 'Completed', parameters: { note: 'archive' } });
    expect(detail.run.inputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.results.source).toBe('onelake');
    expect(detail.results.kpis?.run_id).toBe(first);
    expect(detail.rules?.map((r) => r.id)).toContain('duplicate_key');
    const rejectedByRules = detail.rules?.reduce((n, r) => n + r.count, 0) ?? 0;
    expect(rejectedByRules).toBeGreaterThanOrEqual(detail.results.kpis?.rows_rejected ?? -1);
    expect(detail.rulesReason).toBeNull();
    expect(detail.artifacts.map((a) => a.name)).toEqual(
      expect.arrayContaining(['kpis.json', 'import_profile.json', 'run_metadata.json']),
    );
    expect(detail.artifacts.every((a) => a.size > 0)).toBe(true);
    expect(detail.isCurrent).toBe(true);
    expect(detail.restores).toEqual([]);

    const second = await completedRun();
    expect((await call('runs.detail', { runId: first })).isCurrent).toBe(false);
    await call('runs.restore', { runId: first, reason: 'compare with last week' });

    const history = await call('runs.restores', {});
    expect(history.currentRunId).toBe(first);
    expect(history.restores).toEqual([
      expect.objectContaining({ runId: first, previousRunId: second, reason: 'compare with last week' }),
    ]);
    await expect(call('runs.restores', { runId: second })).resolves.toMatchObject({ restores: [] });
    const restored = await call('runs.detail', { runId: first });
    expect(restored.isCurrent).toBe(true);
    expect(restored.restores).toHaveLength(1);

    // A missing artifact is reported, not fatal: the rest of the run still shows.
    await unlink(
      join(demo.dataDir, 'demo', 'lakehouse', 'Files', 'results', 'runs', second, 'import_profile.json'),
    );
    const partial = await call('runs.detail', { runId: second });
    expect(partial.rules).toBeNull();
    expect(partial.rulesReason).toMatch(/wrote no Files\/results\/runs\/.+\/import_profile\.json/);
    expect(partial.results.kpis?.run_id).toBe(second);
    expect(partial.artifacts.map((a) => a.name)).not.toContain('import_profile.json');

    await expect(
      call('runs.detail', { runId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('runs.detail', { runId: 'nope' } as never)).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});
