import { describe, expect, it } from 'vitest';
import {
  UNPARSEABLE,
  formatDay,
  formatNumber,
  kindOf,
  normaliseHeader,
  parseDate,
  parseDiscount,
  parseNumber,
  toText,
} from '../../../src/main/ingest/values';
import { ExcelDate } from '../../../src/main/ingest/xlsx/cell';

const day = (iso: string): number => Date.parse(iso + 'T00:00:00Z') / 86_400_000;

describe('header normalisation', () => {
  it('treats case, spaces, underscores and hyphens alike', () => {
    for (const h of ['Order ID', 'order-id', 'ORDER_ID', ' order_id ', 'Order  -_ ID']) {
      expect(normaliseHeader(h)).toBe('order_id');
    }
    expect(normaliseHeader('Unit\tPrice')).toBe('unit_price');
    expect(normaliseHeader('OrderID')).toBe('orderid');
  });
});

describe('dates', () => {
  it('reads Excel serials in the 1900 system, ignoring the time of day', () => {
    expect(parseDate(45292, false)).toBe(day('2024-01-01'));
    expect(parseDate(45292.99, false)).toBe(day('2024-01-01'));
    expect(parseDate(new ExcelDate(45658), false)).toBe(day('2025-01-01'));
  });
  it('reads serials in the 1904 system when the workbook says so', () => {
    expect(parseDate(0, true)).toBe(UNPARSEABLE);
    expect(parseDate(1, true)).toBe(day('1904-01-02'));
    expect(parseDate(new ExcelDate(43830), true)).toBe(day('2024-01-01'));
  });
  it('rejects serials before 1900-03-01 (Excel’s fake leap day) and after 9999-12-31', () => {
    expect(parseDate(60, false)).toBe(UNPARSEABLE);
    expect(parseDate(61, false)).toBe(day('1900-03-01'));
    expect(parseDate(0.5, false)).toBe(UNPARSEABLE);
    expect(parseDate(2958465, false)).toBe(day('9999-12-31'));
    expect(parseDate(2958466, false)).toBe(UNPARSEABLE);
  });
  it('rounds a date cell to the millisecond before dropping the time; plain numbers are floored', () => {
    expect(parseDate(new ExcelDate(45292.9999999999), false)).toBe(day('2024-01-02'));
    expect(parseDate(45292.9999999999, false)).toBe(day('2024-01-01'));
  });
  it('reads ISO text with an optional time, and rejects other text', () => {
    expect(parseDate('2024-02-29', false)).toBe(day('2024-02-29'));
    expect(parseDate(' 2024-03-05T10:30:00Z ', false)).toBe(day('2024-03-05'));
    expect(parseDate('2024-03-05 10:30', false)).toBe(day('2024-03-05'));
    for (const bad of [
      '2023-02-29',
      '2024-13-01',
      '31/02/2024',
      '05/03/2024',
      'n/a',
      '20240305',
      '2024-3-5',
    ]) {
      expect(parseDate(bad, false)).toBe(UNPARSEABLE);
    }
    expect(parseDate(true, false)).toBe(UNPARSEABLE);
  });
  it('treats empty as missing', () => {
    expect(parseDate(null, false)).toBeNull();
    expect(parseDate('   ', false)).toBeNull();
  });
  it('formats days as YYYY-MM-DD', () => {
    expect(formatDay(day('2025-12-31'))).toBe('2025-12-31');
    expect(formatDay(0)).toBe('1970-01-01');
  });
});

describe('numbers', () => {
  it('accepts numeric cells and numeric text with thousands separators', () => {
    expect(parseNumber(12.5)).toBe(12.5);
    expect(parseNumber('1,234.50')).toBe(1234.5);
    expect(parseNumber(' -1,234,567 ')).toBe(-1234567);
    expect(parseNumber('+.5')).toBe(0.5);
    expect(parseNumber('42')).toBe(42);
  });
  it('rejects malformed text, booleans and dates', () => {
    for (const bad of ['12.3.4', 'abc', '1,23,4.00', '1,2345', 'USD 12', '1e5', '-', '.', '12,']) {
      expect(parseNumber(bad), bad).toBe(UNPARSEABLE);
    }
    expect(parseNumber(true)).toBe(UNPARSEABLE);
    expect(parseNumber(new ExcelDate(45000))).toBe(UNPARSEABLE);
  });
  it('reads a percent discount as a fraction', () => {
    expect(parseDiscount('15%')).toBe(0.15);
    expect(parseDiscount(' 7.5 % ')).toBe(0.075);
    expect(parseDiscount(0.15)).toBe(0.15);
    expect(parseDiscount('abc%')).toBe(UNPARSEABLE);
    expect(parseDiscount(null)).toBeNull();
  });
  it('writes numbers in shortest round-trip form without .0 and without -0', () => {
    expect(formatNumber(5)).toBe('5');
    expect(formatNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(1e21)).toBe('1e+21');
  });
});

describe('text', () => {
  it('trims, writes integral numbers without a decimal point and booleans as words', () => {
    expect(toText('  Acme \u00a0', false)).toBe('Acme');
    expect(toText('   ', false)).toBeNull();
    expect(toText(1001, false)).toBe('1001');
    expect(toText(1001.5, false)).toBe('1001.5');
    expect(toText(false, false)).toBe('false');
    expect(toText(new ExcelDate(45292), false)).toBe('2024-01-01');
  });
  it('classifies values for the profile', () => {
    expect(kindOf(3)).toBe('integer');
    expect(kindOf(3.5)).toBe('number');
    expect(kindOf(' ')).toBe('empty');
    expect(kindOf('2024-01-01')).toBe('string');
    expect(kindOf(new ExcelDate(1))).toBe('date');
    expect(kindOf(true)).toBe('boolean');
  });
});
