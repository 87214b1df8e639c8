import { describe, expect, it } from 'vitest';
import { dayToIso, numericColumnOf, textColumnOf, type ColumnSet } from '../../../src/main/artifacts/columns';
import { TableQueryEngine } from '../../../src/main/artifacts/table-query';
import type { CellValue, TableFilter, TableSort } from '../../../src/shared/contract/artifacts';

// The engine against a plain JavaScript reference (Array filter + stable sort + slice) on a generated table.

type Row = {
  region: string | null;
  product: string | null;
  qty: number | null;
  price: number | null;
  day: number | null;
};

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const N = 3_000;
const rnd = prng(42);
const REGIONS = ['EMEA', 'APAC', 'LATAM', 'North America', 'Ärzte', 'emea'];
const rows: Row[] = Array.from({ length: N }, (_, i) => ({
  region: rnd() < 0.05 ? null : (REGIONS[Math.floor(rnd() * REGIONS.length)] as string),
  product: rnd() < 0.05 ? null : `P-${Math.floor(rnd() * 200)}${i % 7 === 0 ? ' widget' : ''}`,
  qty: rnd() < 0.05 ? null : 1 + Math.floor(rnd() * 20),
  price: rnd() < 0.05 ? null : Math.round(rnd() * 100_000) / 100,
  day: rnd() < 0.1 ? null : 19_700 + Math.floor(rnd() * 400),
}));

const set: ColumnSet = {
  length: N,
  columns: [
    textColumnOf(
      'region',
      rows.map((r) => r.region),
    ),
    textColumnOf(
      'product',
      rows.map((r) => r.product),
    ),
    numericColumnOf(
      'qty',
      'integer',
      rows.map((r) => r.qty),
    ),
    numericColumnOf(
      'price',
      'number',
      rows.map((r) => r.price),
    ),
    numericColumnOf(
      'day',
      'date',
      rows.map((r) => r.day),
    ),
  ],
};
const NAMES = ['region', 'product', 'qty', 'price', 'day'] as const;

const display = (r: Row): CellValue[] => [
  r.region,
  r.product,
  r.qty,
  r.price,
  r.day === null ? null : dayToIso(r.day),
];
const raw = (r: Row, c: string): string | number | null => r[c as keyof Row];
const asKey = (c: string, v: string | number): string | number =>
  c === 'day'
    ? Date.parse(`${v as string}T00:00:00Z`) / 86_400_000
    : c === 'qty' || c === 'price'
      ? Number(v)
      : String(v);

function matches(r: Row, f: TableFilter): boolean {
  const x = raw(r, f.column);
  if (x === null) return false;
  switch (f.op) {
    case 'eq':
      return x === asKey(f.column, f.value);
    case 'contains':
      return String(x).toLowerCase().includes(f.value.toLowerCase());
    case 'gt':
      return x > asKey(f.column, f.value);
    case 'lt':
      return x < asKey(f.column, f.value);
    case 'between': {
      const [a, b] = [asKey(f.column, f.value[0]), asKey(f.column, f.value[1])];
      const [lo, hi] = a < b ? [a, b] : [b, a];
      return x >= lo && x <= hi;
    }
    case 'in':
      return f.value.map((v) => asKey(f.column, v)).includes(x);
  }
}

function reference(q: { offset: number; limit: number; sort: TableSort[]; filters: TableFilter[] }) {
  const idx = rows.map((_, i) => i).filter((i) => q.filters.every((f) => matches(rows[i] as Row, f)));
  idx.sort((a, b) => {
    for (const s of q.sort) {
      const x = raw(rows[a] as Row, s.column);
      const y = raw(rows[b] as Row, s.column);
      if (x === null || y === null) {
        if (x === y) continue;
        return x === null ? 1 : -1;
      }
      if (x !== y) return (x < y ? -1 : 1) * (s.dir === 'asc' ? 1 : -1);
    }
    return a - b;
  });
  return {
    total: idx.length,
    rows: idx.slice(q.offset, q.offset + q.limit).map((i) => display(rows[i] as Row)),
  };
}

const engine = new TableQueryEngine(set);
const check = (q: { offset: number; limit: number; sort: TableSort[]; filters: TableFilter[] }): void => {
  const got = engine.query(q);
  const want = reference(q);
  expect(got.total, JSON.stringify(q)).toBe(want.total);
  expect(got.rows, JSON.stringify(q)).toEqual(want.rows);
};

describe('TableQueryEngine vs a plain JS reference', () => {
  it('pages in file order with the column types', () => {
    const page = engine.query({ offset: 2_990, limit: 500, sort: [], filters: [] });
    expect(page.total).toBe(N);
    expect(page.offset).toBe(2_990);
    expect(page.rows).toEqual(rows.slice(2_990).map(display));
    expect(page.columns.map((c) => c.type)).toEqual(['string', 'string', 'integer', 'number', 'date']);
    expect(engine.query({ offset: 10_000, limit: 10, sort: [], filters: [] })).toMatchObject({
      total: N,
      offset: N,
      rows: [],
    });
  });

  it('sorts by every column in both directions, missing values last, ties in file order', () => {
    for (const column of NAMES) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const offset of [0, 1_234, N - 20])
          check({ offset, limit: 100, sort: [{ column, dir }], filters: [] });
      }
    }
  });

  it('sorts by several columns', () => {
    check({
      offset: 0,
      limit: 500,
      sort: [
        { column: 'region', dir: 'asc' },
        { column: 'price', dir: 'desc' },
      ],
      filters: [],
    });
    check({
      offset: 700,
      limit: 300,
      sort: [
        { column: 'day', dir: 'desc' },
        { column: 'product', dir: 'asc' },
        { column: 'qty', dir: 'asc' },
      ],
      filters: [],
    });
  });

  it('filters with every operator, alone and combined with sorting', () => {
    const filters: TableFilter[] = [
      { column: 'region', op: 'eq', value: 'EMEA' },
      { column: 'region', op: 'contains', value: 'em' },
      { column: 'product', op: 'contains', value: 'WIDGET' },
      { column: 'qty', op: 'gt', value: 10 },
      { column: 'qty', op: 'lt', value: '3' },
      { column: 'price', op: 'between', value: [900, 100] },
      { column: 'day', op: 'between', value: ['2024-01-01', '2024-03-31'] },
      { column: 'day', op: 'eq', value: dayToIso(19_800) },
      { column: 'region', op: 'in', value: ['APAC', 'Ärzte'] },
      { column: 'qty', op: 'in', value: [1, 2, 19] },
      { column: 'product', op: 'gt', value: 'P-50' },
      { column: 'region', op: 'between', value: ['B', 'M'] },
    ];
    for (const f of filters) {
      check({ offset: 0, limit: 200, sort: [], filters: [f] });
      check({ offset: 5, limit: 50, sort: [{ column: 'price', dir: 'asc' }], filters: [f] });
    }
    check({ offset: 0, limit: 500, sort: [{ column: 'qty', dir: 'desc' }], filters: filters.slice(1, 4) });
  });

  it('refuses unknown columns, contains on numbers and values of the wrong type, with clear messages', () => {
    const q = (f: TableFilter) => () => engine.query({ offset: 0, limit: 1, sort: [], filters: [f] });
    expect(q({ column: 'nope', op: 'eq', value: 1 })).toThrow(/no column "nope".*/);
    expect(q({ column: 'qty', op: 'contains', value: '1' })).toThrow(/"contains" works on text columns/);
    expect(q({ column: 'day', op: 'gt', value: '2024-02-30' })).toThrow(/not a date \(YYYY-MM-DD\)/);
    expect(q({ column: 'price', op: 'lt', value: 'cheap' })).toThrow(/not a number/);
    expect(() =>
      engine.query({ offset: 0, limit: 1, sort: [{ column: 'x', dir: 'asc' }], filters: [] }),
    ).toThrow(/no column "x"/);
  });
});
