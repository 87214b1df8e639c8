import type { CellValue, TableFilter, TableSort } from '../../shared/contract/artifacts';
import { AppError } from '../../shared/contract/errors';
import { cellValue, isoToDay, type Column, type ColumnSet, type NumericColumn } from './columns';

export interface PageQuery {
  offset: number;
  limit: number;
  sort: readonly TableSort[];
  filters: readonly TableFilter[];
}

export interface PageResult {
  total: number;
  offset: number;
  columns: { name: string; type: Column['type'] }[];
  rows: CellValue[][];
}

type Predicate = (row: number) => boolean;

const invalid = (message: string, hint?: string): AppError => new AppError('VALIDATION', message, hint);

function findColumn(set: ColumnSet, name: string): Column {
  const column = set.columns.find((c) => c.name === name);
  if (!column) {
    throw invalid(
      `There is no column "${name.slice(0, 100)}" in the cleaned data.`,
      `Columns: ${set.columns.map((c) => c.name).join(', ')}.`,
    );
  }
  return column;
}

/** A filter value as the column's number (dates: days since 1970-01-01). */
function toNumber(column: NumericColumn, value: string | number): number {
  if (column.type === 'date') {
    const day = typeof value === 'string' ? isoToDay(value) : null;
    if (day === null)
      throw invalid(`Filter on ${column.name}: "${String(value)}" is not a date (YYYY-MM-DD).`);
    return day;
  }
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (typeof value === 'string' && value.trim() === '')
    throw invalid(`Filter on ${column.name}: empty number.`);
  if (!Number.isFinite(n)) throw invalid(`Filter on ${column.name}: "${String(value)}" is not a number.`);
  return n;
}

function numericPredicate(column: NumericColumn, filter: TableFilter): Predicate {
  const { values, present } = column;
  switch (filter.op) {
    case 'eq': {
      const v = toNumber(column, filter.value);
      return (r) => present[r] === 1 && values[r] === v;
    }
    case 'gt': {
      const v = toNumber(column, filter.value);
      return (r) => present[r] === 1 && (values[r] as number) > v;
    }
    case 'lt': {
      const v = toNumber(column, filter.value);
      return (r) => present[r] === 1 && (values[r] as number) < v;
    }
    case 'between': {
      const a = toNumber(column, filter.value[0]);
      const b = toNumber(column, filter.value[1]);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      return (r) => present[r] === 1 && (values[r] as number) >= lo && (values[r] as number) <= hi;
    }
    case 'in': {
      const set = new Set(filter.value.map((v) => toNumber(column, v)));
      return (r) => present[r] === 1 && set.has(values[r] as number);
    }
    case 'contains':
      throw invalid(
        `"contains" works on text columns; ${column.name} holds ${column.type === 'date' ? 'dates' : 'numbers'}.`,
        'Use eq, gt, lt, between or in.',
      );
  }
}

function textPredicate(values: readonly (string | null)[], filter: TableFilter): Predicate {
  const text = (v: string | number): string => String(v);
  switch (filter.op) {
    case 'eq': {
      const v = text(filter.value);
      return (r) => values[r] === v;
    }
    case 'contains': {
      const needle = filter.value.toLowerCase();
      return (r) => {
        const v = values[r];
        return v != null && v.toLowerCase().includes(needle);
      };
    }
    case 'gt': {
      const v = text(filter.value);
      return (r) => {
        const x = values[r];
        return x != null && x > v;
      };
    }
    case 'lt': {
      const v = text(filter.value);
      return (r) => {
        const x = values[r];
        return x != null && x < v;
      };
    }
    case 'between': {
      const [a, b] = [text(filter.value[0]), text(filter.value[1])];
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      return (r) => {
        const x = values[r];
        return x != null && x >= lo && x <= hi;
      };
    }
    case 'in': {
      const set = new Set(filter.value.map(text));
      return (r) => {
        const x = values[r];
        return x != null && set.has(x);
      };
    }
  }
}

/** Per-row sort key as numbers: the value itself, or the rank of the text among the column's distinct values. */
function sortKey(column: Column): { keys: Float64Array; present: Uint8Array } {
  if (column.kind === 'numeric') return { keys: column.values, present: column.present };
  const all = column.all();
  const distinct = [...new Set(all.filter((v): v is string => v !== null))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const rank = new Map(distinct.map((v, i) => [v, i]));
  const keys = new Float64Array(all.length);
  const present = new Uint8Array(all.length);
  for (let i = 0; i < all.length; i++) {
    const v = all[i];
    if (v == null) continue;
    keys[i] = rank.get(v) as number;
    present[i] = 1;
  }
  return { keys, present };
}

/**
 * Filters, sorts and pages a column set. The row order of a (sort, filters) pair is computed once and kept
 * (a few of them, least recently used dropped), so scrolling through a sorted million rows costs one sort.
 * Missing values sort last in both directions; ties keep file order.
 */
export class TableQueryEngine {
  private readonly views = new Map<string, Uint32Array>();
  // Ranking a text column's distinct values is the slow part of a text sort; it is kept per column, so
  // flipping the direction or adding a second key does not redo it.
  private readonly keys = new Map<string, { keys: Float64Array; present: Uint8Array }>();

  constructor(
    readonly data: ColumnSet,
    private readonly maxViews = 4,
  ) {}

  get length(): number {
    return this.data.length;
  }

  query(q: PageQuery): PageResult {
    const order = this.view(q.sort, q.filters);
    const total = order ? order.length : this.data.length;
    const start = Math.min(q.offset, total);
    const end = Math.min(start + q.limit, total);
    const rows: CellValue[][] = [];
    for (let k = start; k < end; k++) {
      const row = order ? (order[k] as number) : k;
      rows.push(this.data.columns.map((c) => cellValue(c, row)));
    }
    return {
      total,
      offset: start,
      columns: this.data.columns.map((c) => ({ name: c.name, type: c.type })),
      rows,
    };
  }

  /** Row numbers in display order, or null for all rows in file order. */
  private view(sort: readonly TableSort[], filters: readonly TableFilter[]): Uint32Array | null {
    if (sort.length === 0 && filters.length === 0) return null;
    const key = JSON.stringify([sort, filters]);
    const cached = this.views.get(key);
    if (cached) {
      this.views.delete(key);
      this.views.set(key, cached);
      return cached;
    }
    let rows = this.filtered(filters);
    if (sort.length > 0) rows = this.sorted(rows, sort);
    this.views.set(key, rows);
    while (this.views.size > this.maxViews) this.views.delete(this.views.keys().next().value as string);
    return rows;
  }

  private filtered(filters: readonly TableFilter[]): Uint32Array {
    const n = this.data.length;
    if (filters.length === 0) {
      const all = new Uint32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      return all;
    }
    const key = JSON.stringify([[], filters]);
    const cached = this.views.get(key);
    if (cached) return cached;
    const predicates = filters.map((f) => {
      const column = findColumn(this.data, f.column);
      return column.kind === 'numeric' ? numericPredicate(column, f) : textPredicate(column.all(), f);
    });
    const out = new Uint32Array(n);
    let count = 0;
    for (let r = 0; r < n; r++) {
      if (predicates.every((p) => p(r))) out[count++] = r;
    }
    return out.slice(0, count);
  }

  private sortKey(name: string): { keys: Float64Array; present: Uint8Array } {
    let k = this.keys.get(name);
    if (!k) {
      k = sortKey(findColumn(this.data, name));
      this.keys.set(name, k);
    }
    return k;
  }

  private sorted(rows: Uint32Array, sort: readonly TableSort[]): Uint32Array {
    const keys = sort.map((s) => ({ ...this.sortKey(s.column), sign: s.dir === 'asc' ? 1 : -1 }));
    const out = rows.slice();
    out.sort((a, b) => {
      for (const { keys: k, present: p, sign } of keys) {
        const pa = p[a] === 1;
        const pb = p[b] === 1;
        if (pa !== pb) return pa ? -1 : 1;
        if (!pa) continue;
        const d = (k[a] as number) - (k[b] as number);
        if (d !== 0) return d * sign;
      }
      return a - b;
    });
    return out;
  }
}
