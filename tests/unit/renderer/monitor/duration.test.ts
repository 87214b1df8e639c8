import { describe, expect, it } from 'vitest';
import {
  elapsedScale,
  formatDuration,
  runElapsedMs,
} from '../../../../src/renderer/src/pages/monitor/duration';

describe('durations', () => {
  it('formats at reading precision', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(-1)).toBe('–');
  });

  it('measures a run from its request to its end, or to now while it runs', () => {
    const createdAt = '2026-01-05T10:00:00.000Z';
    expect(runElapsedMs({ createdAt, finishedAt: '2026-01-05T10:00:30.000Z' }, 0)).toBe(30_000);
    expect(runElapsedMs({ createdAt, finishedAt: null }, Date.parse(createdAt) + 5_000)).toBe(5_000);
  });

  it('places elapsed time and the median/p90 markers on one bar with a verdict', () => {
    const s = elapsedScale(40_000, 40_000, 80_000);
    expect(s.verdict).toBe('typical');
    expect(s.p90Pct).toBeCloseTo(80, 5); // span = 1.25 × p90
    expect(s.medianPct).toBeCloseTo(40, 5);
    expect(s.elapsedPct).toBeCloseTo(40, 5);
    expect(elapsedScale(60_000, 40_000, 80_000).verdict).toBe('slower-than-usual');
    const late = elapsedScale(500_000, 40_000, 80_000);
    expect(late.verdict).toBe('unusually-slow');
    expect(late.elapsedPct).toBe(100);
    expect(late.p90Pct).toBeCloseTo(16, 5);
    expect(elapsedScale(5_000, null, null)).toMatchObject({
      verdict: 'no-history',
      medianPct: null,
      p90Pct: null,
    });
  });
});
