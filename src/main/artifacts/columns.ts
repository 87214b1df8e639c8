import type { CellValue, ColumnType } from '../../shared/contract/artifacts';

// The in-memory column model the query engine works on, independent of where the rows came from
// (parquet through Arrow, or the CSV fallback). Numbers, integers and dates (days since 1970-01-01) live
// in one Float64Array per column so that filtering and sorting 1M rows touches flat memory only; text is
// decoded lazily because most columns of a page are never sorted or filtered on.

export interface NumericColumn {
  kind: 'numeric';
  name: string;
  type: Exclude<ColumnType, 'string'>;
  values: Float64Array;
  /** 1 where a value is present */
  present: Uint8Array;
}

export interface TextColumn {
  kind: 'text';
  name: string;
  type: 'string';
  value(row: number): string | null;
  /** every value, decoded once and kept */
  all(): readonly (string | null)[];
}

export type Column = NumericColumn | TextColumn;

export interface ColumnSet {
  length: number;
  columns: Column[];
}

const MS_PER_DAY = 86_400_000;

export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' → days since 1970-01-01, or null when it is not a calendar date. */
export function isoToDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / MS_PER_DAY;
  return dayToIso(day) === text.trim() ? day : null;
}

export function cellValue(column: Column, row: number): CellValue {
  if (column.kind === 'text') return column.value(row);
  if (column.present[row] !== 1) return null;
  const v = column.values[row] as number;
  return column.type === 'date' ? dayToIso(v) : v;
}

/** A text column over an array of already decoded values (CSV, tests). */
export function textColumnOf(name: string, values: readonly (string | null)[]): TextColumn {
  return { kind: 'text', name, type: 'string', value: (row) => values[row] ?? null, all: () => values };
}

export function numericColumnOf(
  name: string,
  type: NumericColumn['type'],
  values: readonly (number | null)[],
): NumericColumn {
  const out = new Float64Array(values.length);
  const present = new Uint8Array(values.length);
  values.forEach((v, i) => {
    if (v !== null) {
      out[i] = v;
      present[i] = 1;
    }
  });
  return { kind: 'numeric', name, type, values: out, present };
}
