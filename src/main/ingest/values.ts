import { ExcelDate, type Cell } from './xlsx/cell';

// Value rules of docs/data-contract.md ("Values"). Each parser says missing (null), parsed, or unparseable.

export const UNPARSEABLE = Symbol('unparseable');
export type Parsed<T> = T | null | typeof UNPARSEABLE;

/** `Order ID` = `order-id` = `ORDER_ID` → `order_id` */
export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

/** JavaScript's shortest round-trip form; integral values never get a `.0`; -0 is `0`. */
export function formatNumber(x: number): string {
  return x === 0 ? '0' : String(x);
}

export function isMissing(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30) / MS_PER_DAY;
const EPOCH_1904 = Date.UTC(1904, 0, 1) / MS_PER_DAY;
/** Excel's last valid date, 9999-12-31, in days since 1970-01-01 */
const MAX_DAY = Date.UTC(9999, 11, 31) / MS_PER_DAY;

const dayText = new Map<number, string>();

/** Days since 1970-01-01 → `YYYY-MM-DD` (cached: a sales file has a few thousand distinct days at most) */
export function formatDay(day: number): string {
  let s = dayText.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (dayText.size < 100_000) dayText.set(day, s);
  }
  return s;
}

/**
 * Days since 1970-01-01 for an Excel serial, or null when the contract calls it unparseable: below 1, in
 * the 1900 system below 61 (Excel's fake 1900-02-29 and before), or after 9999-12-31. A date-formatted
 * cell's serial is first rounded to the millisecond (as Excel displays it and openpyxl reads it), so
 * 45292.99999999999 is the next day; a plain number is floored as it is.
 */
export function serialToDay(serial: number, date1904: boolean, roundToMs = false): number | null {
  if (!Number.isFinite(serial) || serial < 1 || (!date1904 && serial < 61)) return null;
  let whole = Math.floor(serial);
  if (roundToMs && Math.round((serial - whole) * 86_400 * 1000) >= MS_PER_DAY) whole += 1;
  const day = whole + (date1904 ? EPOCH_1904 : EPOCH_1900);
  return day > MAX_DAY ? null : day;
}

// ISO date, optionally with a time and offset (both ignored; no time-zone conversion).
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date as days since 1970-01-01 (the parquet date32 value). */
export function parseDate(cell: Cell, date1904: boolean): Parsed<number> {
  if (isMissing(cell)) return null;
  if (cell instanceof ExcelDate) return serialToDay(cell.serial, date1904, true) ?? UNPARSEABLE;
  if (typeof cell === 'number') return serialToDay(cell, date1904) ?? UNPARSEABLE;
  if (typeof cell !== 'string') return UNPARSEABLE;
  const m = ISO_DATE.exec(cell.trim());
  if (!m) return UNPARSEABLE;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  // Date.UTC maps years 0-99 to 1900-1999, so compare the full year too.
  if (y < 1 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return UNPARSEABLE;
  }
  return ms / MS_PER_DAY;
}

const NUMERIC_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?$/;

function parseNumericText(s: string): Parsed<number> {
  if (!NUMERIC_TEXT.test(s) || !/\d/.test(s)) return UNPARSEABLE;
  const n = Number(s.replace(/,/g, ''));
  return Number.isFinite(n) ? n : UNPARSEABLE;
}

export function parseNumber(cell: Cell): Parsed<number> {
  if (isMissing(cell)) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : UNPARSEABLE;
  if (typeof cell !== 'string') return UNPARSEABLE;
  return parseNumericText(cell.trim());
}

/** A fraction: `"15%"` → 0.15 (divided by 100), `0.15` stays. */
export function parseDiscount(cell: Cell): Parsed<number> {
  if (typeof cell === 'string') {
    const s = cell.trim();
    if (s.endsWith('%')) {
      const n = parseNumericText(s.slice(0, -1).trim());
      return n === UNPARSEABLE || n === null ? UNPARSEABLE : n / 100;
    }
  }
  return parseNumber(cell);
}

/** Text columns: trimmed; numbers in shortest form; booleans `true`/`false`; date cells `YYYY-MM-DD`. */
export function toText(cell: Cell, date1904: boolean): string | null {
  if (cell === null) return null;
  if (typeof cell === 'string') {
    const s = cell.trim();
    return s === '' ? null : s;
  }
  if (typeof cell === 'number') return formatNumber(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const day = serialToDay(cell.serial, date1904, true);
  return day === null ? formatNumber(cell.serial) : formatDay(day);
}

export type ValueKind = 'empty' | 'integer' | 'number' | 'date' | 'boolean' | 'string';

export function kindOf(cell: Cell): ValueKind {
  if (isMissing(cell)) return 'empty';
  if (typeof cell === 'number') return Number.isInteger(cell) ? 'integer' : 'number';
  if (typeof cell === 'boolean') return 'boolean';
  if (cell instanceof ExcelDate) return 'date';
  return 'string';
}
