import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUERY,
  hasFilters,
  nextSort,
  prefsPatch,
  queryFromPrefs,
  toListInput,
} from '../../../../src/renderer/src/pages/archive/archive-query';

describe('archive query prefs', () => {
  it('reads remembered prefs and ignores unknown or malformed values', () => {
    expect(queryFromPrefs(undefined)).toEqual(DEFAULT_QUERY);
    expect(
      queryFromPrefs({
        status: 'failed',
        from: '2026-02-01',
        to: '2026-02-31',
        sort: 'inputName',
        direction: 'asc',
        text: 'x'.repeat(300),
        requestedBy: 'ann',
      }),
    ).toEqual({
      ...DEFAULT_QUERY,
      status: 'failed',
      from: '2026-02-01',
      to: '', // 31 February is not a day
      sort: 'inputName',
      direction: 'asc',
      text: 'x'.repeat(200),
      requestedBy: 'ann',
    });
    expect(queryFromPrefs({ status: 'bogus', sort: 'runId', direction: 'up' })).toEqual(DEFAULT_QUERY);
  });

  it('writes only what changed, forgetting values back at their default', () => {
    const a = { ...DEFAULT_QUERY, status: 'failed' as const, text: 'abc' };
    expect(prefsPatch(DEFAULT_QUERY, a)).toEqual({ status: 'failed', text: 'abc' });
    expect(prefsPatch(a, { ...a, status: 'all', sort: 'status' })).toEqual({ status: null, sort: 'status' });
    expect(prefsPatch(a, a)).toEqual({});
  });
});

describe('runs.list input', () => {
  it('maps status filters, pages, trims text and leaves out empty filters', () => {
    expect(toListInput(DEFAULT_QUERY, 1, 25)).toEqual({
      limit: 25,
      offset: 0,
      sort: 'createdAt',
      direction: 'desc',
    });
    const input = toListInput(
      { ...DEFAULT_QUERY, status: 'failed', text: '  march ', requestedBy: ' ', inputName: 'sales' },
      3,
      25,
    );
    expect(input).toMatchObject({
      offset: 50,
      status: ['Failed', 'Lost'],
      text: 'march',
      inputName: 'sales',
    });
    expect(input).not.toHaveProperty('requestedBy');
    expect(toListInput({ ...DEFAULT_QUERY, status: 'active' }, 1).status).toEqual([
      'requested',
      'triggering',
      'NotStarted',
      'InProgress',
    ]);
  });

  it('turns local days into an inclusive range: from midnight to the next midnight', () => {
    const input = toListInput({ ...DEFAULT_QUERY, from: '2026-03-01', to: '2026-03-01' }, 1);
    expect(new Date(input.from ?? '').getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(input.to ?? '').getTime()).toBe(new Date(2026, 2, 2).getTime());
  });

  it('sorts: the same column flips, another column starts descending', () => {
    expect(nextSort(DEFAULT_QUERY, 'createdAt')).toEqual({ sort: 'createdAt', direction: 'asc' });
    expect(nextSort({ ...DEFAULT_QUERY, direction: 'asc' }, 'createdAt')).toEqual({
      sort: 'createdAt',
      direction: 'desc',
    });
    expect(nextSort({ ...DEFAULT_QUERY, direction: 'asc' }, 'status')).toEqual({
      sort: 'status',
      direction: 'desc',
    });
  });

  it('knows when filters are set (sort order alone is not a filter)', () => {
    expect(hasFilters({ ...DEFAULT_QUERY, sort: 'status' })).toBe(false);
    expect(hasFilters({ ...DEFAULT_QUERY, to: '2026-01-01' })).toBe(true);
    expect(hasFilters({ ...DEFAULT_QUERY, text: '   ' })).toBe(false);
  });
});
