import { describe, expect, it } from 'vitest';
import { parseColumnFilter } from '../../../../src/renderer/src/pages/results/grid/column-filter';
import {
  filtersFromPref,
  filtersToPref,
  nextSort,
  sortFromPref,
  sortToPref,
} from '../../../../src/renderer/src/pages/results/grid/grid-prefs';

describe('column filter text', () => {
  it('matches text columns by substring and ignores blank input', () => {
    expect(parseColumnFilter('region', 'string', '  EM ')).toEqual({
      ok: true,
      filter: { column: 'region', op: 'contains', value: 'EM' },
    });
    expect(parseColumnFilter('region', 'string', '   ')).toEqual({ ok: true, filter: null });
  });

  it('reads numbers, comparisons and ranges', () => {
    expect(parseColumnFilter('q', 'integer', '42')).toMatchObject({ filter: { op: 'eq', value: 42 } });
    expect(parseColumnFilter('q', 'number', '> 1,000.5')).toMatchObject({
      filter: { op: 'gt', value: 1000.5 },
    });
    expect(parseColumnFilter('q', 'number', '<3')).toMatchObject({ filter: { op: 'lt', value: 3 } });
    expect(parseColumnFilter('q', 'number', '10..20')).toMatchObject({
      filter: { op: 'between', value: [10, 20] },
    });
    expect(parseColumnFilter('d', 'date', '2024-01-01..2024-03-31')).toMatchObject({
      filter: { op: 'between', value: ['2024-01-01', '2024-03-31'] },
    });
    expect(parseColumnFilter('d', 'date', '>2024-02-01')).toMatchObject({
      filter: { op: 'gt', value: '2024-02-01' },
    });
  });

  it('says what to type when the text does not fit the column', () => {
    const bad = parseColumnFilter('q', 'number', 'abc');
    expect(bad).toEqual({
      ok: false,
      message: 'Type a number, optionally with > or <, or a range like 10..20.',
    });
    expect(parseColumnFilter('d', 'date', '1/2/2024')).toMatchObject({ ok: false });
    expect(parseColumnFilter('q', 'number', '5..x')).toMatchObject({ ok: false });
  });
});

describe('grid preferences', () => {
  it('round-trips sort and filters and cycles the sort on header clicks', () => {
    expect(sortFromPref(sortToPref([{ column: 'net_revenue', dir: 'desc' }]) ?? undefined)).toEqual([
      { column: 'net_revenue', dir: 'desc' },
    ]);
    expect(sortFromPref('sideways:x')).toEqual([]);
    expect(filtersFromPref(filtersToPref({ region: 'EMEA', q: ' ' }) ?? undefined)).toEqual({
      region: 'EMEA',
    });
    expect(filtersToPref({ a: 'x'.repeat(300) })).toBeNull();
    expect(filtersFromPref('{not json')).toEqual({});
    expect(filtersFromPref('{"a":1,"b":"ok"}')).toEqual({ b: 'ok' });
    let s = nextSort([], 'a');
    expect(s).toEqual([{ column: 'a', dir: 'asc' }]);
    s = nextSort(s, 'a');
    expect(s).toEqual([{ column: 'a', dir: 'desc' }]);
    expect(nextSort(s, 'a')).toEqual([]);
    expect(nextSort(s, 'b')).toEqual([{ column: 'b', dir: 'asc' }]);
  });
});
