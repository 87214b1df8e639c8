import { describe, expect, it } from 'vitest';
import type { ItemJobInstance } from '../../../src/main/fabric';
import { matchJob, parseFabricTime } from '../../../src/main/runs/job-match';

const job = (id: string, start: string, extra: Record<string, unknown> = {}): ItemJobInstance =>
  ({ id, status: 'InProgress', startTimeUtc: start, ...extra }) as ItemJobInstance;

const window = { fromMs: Date.parse('2026-01-01T10:00:00Z'), toMs: Date.parse('2026-01-01T10:05:00Z') };

describe('matchJob: which Fabric job a run started', () => {
  it('reads Fabric times (no zone, 7 fraction digits) as UTC', () => {
    expect(parseFabricTime('2026-01-01T10:00:00.1234567')).toBe(Date.parse('2026-01-01T10:00:00.123Z'));
    expect(parseFabricTime('2026-01-01T10:00:00Z')).toBe(Date.parse('2026-01-01T10:00:00Z'));
    expect(parseFabricTime('2026-01-01T12:00:00+02:00')).toBe(Date.parse('2026-01-01T10:00:00Z'));
    expect(parseFabricTime('yesterday')).toBeNaN();
  });

  it('prefers an exact run_id parameter when the list carries one', () => {
    const jobs = [
      job('a', '2026-01-01T10:01:00'),
      job('b', '2026-01-01T09:00:00', { parameters: { run_id: 'r1' } }),
    ];
    expect(matchJob(jobs, 'r1', window, new Set())).toMatchObject({
      kind: 'found',
      by: 'run_id',
      job: { id: 'b' },
    });
  });

  it('matches the single unattached job inside the window by time', () => {
    const jobs = [
      job('early', '2026-01-01T09:59:00'),
      job('in', '2026-01-01T10:02:00.5'),
      job('late', '2026-01-01T10:06:00'),
    ];
    expect(matchJob(jobs, 'r1', window, new Set())).toMatchObject({
      kind: 'found',
      by: 'time',
      job: { id: 'in' },
    });
  });

  it('skips jobs already attached to other runs and jobs that name another run', () => {
    const jobs = [
      job('taken', '2026-01-01T10:01:00'),
      job('other', '2026-01-01T10:01:00', { parameters: { run_id: 'r2' } }),
    ];
    expect(matchJob(jobs, 'r1', window, new Set(['taken']))).toEqual({ kind: 'none' });
  });

  it('refuses to guess between two candidates', () => {
    const jobs = [job('x', '2026-01-01T10:01:00'), job('y', '2026-01-01T10:03:00')];
    expect(matchJob(jobs, 'r1', window, new Set())).toEqual({ kind: 'ambiguous', candidates: ['x', 'y'] });
  });

  it('ignores jobs without a start time', () => {
    expect(matchJob([job('n', '')], 'r1', window, new Set())).toEqual({ kind: 'none' });
  });
});
