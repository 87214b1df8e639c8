import type { ColumnType, TableFilter } from '../../../../../shared/contract/artifacts';

// What an analyst types in a column's filter box, turned into the contract's filters. Text columns match a
// substring; number and date columns understand "42", ">10", "<5" and "10..20" (between, inclusive) — the
// operators main offers.

export type FilterParse = { ok: true; filter: TableFilter | null } | { ok: false; message: string };

const RANGE = /^(.+?)\s*\.\.\s*(.+)$/;
const COMPARE = /^([<>=])\s*(.+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function scalar(type: ColumnType, text: string): string | number | null {
  const t = text.trim();
  if (type === 'date') return DATE.test(t) ? t : null;
  // Accepts 1,234.5 as typed from a spreadsheet habit.
  const n = Number(t.replace(/,/g, ''));
  if (t === '' || !Number.isFinite(n)) return null;
  return n;
}

const expected = (type: ColumnType): string =>
  type === 'date'
    ? 'a date as YYYY-MM-DD, optionally with > or <, or a range like 2024-01-01..2024-03-31'
    : 'a number, optionally with > or <, or a range like 10..20';

export function parseColumnFilter(column: string, type: ColumnType, raw: string): FilterParse {
  const text = raw.trim();
  if (text === '') return { ok: true, filter: null };
  if (type === 'string') return { ok: true, filter: { column, op: 'contains', value: text.slice(0, 200) } };

  const range = RANGE.exec(text);
  if (range) {
    const lo = scalar(type, range[1] ?? '');
    const hi = scalar(type, range[2] ?? '');
    if (lo === null || hi === null) return { ok: false, message: `Type ${expected(type)}.` };
    return { ok: true, filter: { column, op: 'between', value: [lo, hi] } };
  }
  const cmp = COMPARE.exec(text);
  const op = cmp ? cmp[1] : '=';
  const value = scalar(type, cmp ? (cmp[2] ?? '') : text);
  if (value === null) return { ok: false, message: `Type ${expected(type)}.` };
  return {
    ok: true,
    filter: { column, op: op === '>' ? 'gt' : op === '<' ? 'lt' : 'eq', value },
  };
}
