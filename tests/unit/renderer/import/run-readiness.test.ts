import { describe, expect, it } from 'vitest';
import { runReadiness } from '../../../../src/renderer/src/pages/import/run-readiness';
import type { Inspection } from '../../../../src/renderer/src/stores/import';

const base: Inspection = {
  path: 'Files/import/a.xlsx',
  requestId: 'r',
  phase: 'done',
  rowsRead: 10,
  preview: null,
  result: null,
  error: null,
};
const free = { state: 'free' } as const;
const held = (lapsed: boolean) =>
  ({
    state: 'held',
    holder: 'ann@laptop',
    runId: '1234567890abcdef',
    since: '2026-01-01T00:00:00Z',
    lapsed,
  }) as const;
const preview = (missingRequired: string[]) => ({
  sheet: 's',
  headerRow: 1,
  columns: [],
  missingRequired,
  rows: [],
});

describe('runReadiness', () => {
  it('needs a selected workbook', () => {
    expect(runReadiness(null, free)).toMatchObject({ ok: false, kind: 'none' });
  });

  it('refuses while another run holds the lock, naming the holder and run; a lapsed lock is no obstacle', () => {
    const r = runReadiness(base, held(false));
    expect(r).toMatchObject({ ok: false, kind: 'locked' });
    expect(r.ok ? '' : r.reason).toContain('ann@laptop is running the pipeline (run 12345678)');
    expect(runReadiness(base, held(true)).ok).toBe(true);
  });

  it('refuses an unreadable workbook and one without required columns, saying which', () => {
    const unreadable = runReadiness(
      { ...base, phase: 'error', error: { code: 'INPUT_INVALID', message: 'PNG' } },
      free,
    );
    expect(unreadable).toMatchObject({ ok: false, kind: 'invalid' });
    const one = runReadiness({ ...base, preview: preview(['quantity']) }, free);
    expect(one.ok ? '' : one.reason).toContain('required column quantity is missing');
    const two = runReadiness({ ...base, phase: 'reading', preview: preview(['quantity', 'region']) }, free);
    expect(two.ok ? '' : two.reason).toContain('required columns quantity, region are missing');
  });

  it('allows a run while the full check still reads, and says so', () => {
    expect(runReadiness({ ...base, phase: 'reading', preview: preview([]) }, free)).toEqual({
      ok: true,
      note: 'The full check is still reading rows.',
    });
    expect(runReadiness(base, free)).toEqual({ ok: true, note: null });
  });
});
