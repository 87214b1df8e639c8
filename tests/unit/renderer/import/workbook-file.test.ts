import { describe, expect, it } from 'vitest';
import {
  checkWorkbookFile,
  formatBytes,
  toBase64,
} from '../../../../src/renderer/src/pages/import/workbook-file';

const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
const MAX = 1024 * 1024;

describe('checkWorkbookFile', () => {
  it('accepts an .xlsx that starts like a zip package', () => {
    expect(checkWorkbookFile({ name: 'Sales.XLSX', size: 10 }, ZIP, MAX)).toBeNull();
  });

  it('refuses another extension, an empty file and one over the limit, saying what to do', () => {
    const csv = checkWorkbookFile({ name: 'orders.csv', size: 10 }, ZIP, MAX);
    expect(csv).toMatchObject({ code: 'VALIDATION' });
    expect(csv?.message).toContain('orders.csv is not an Excel workbook');
    expect(csv?.hint).toContain('.xlsx');
    expect(checkWorkbookFile({ name: 'a.xlsx', size: 0 }, ZIP, MAX)?.message).toContain('empty');
    const big = checkWorkbookFile({ name: 'a.xlsx', size: 3 * MAX }, ZIP, MAX);
    expect(big?.message).toBe('a.xlsx is 3.0 MB; workbooks up to 1.0 MB can be uploaded.');
  });

  it('names what a renamed file really is', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    const pdf = new TextEncoder().encode('%PDF-1.7');
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1]);
    const text = new TextEncoder().encode('order_id,region\n1,EMEA');
    const f = { name: 'x.xlsx', size: 10 };
    expect(checkWorkbookFile(f, png, MAX)?.message).toContain('is a PNG image');
    expect(checkWorkbookFile(f, pdf, MAX)?.message).toContain('a PDF document');
    expect(checkWorkbookFile(f, xls, MAX)?.message).toContain('old .xls or password-protected');
    expect(checkWorkbookFile(f, text, MAX)?.message).toContain('plain text');
    expect(checkWorkbookFile(f, new Uint8Array([0, 1, 2, 3]), MAX)?.message).toContain('not a zip package');
  });
});

describe('toBase64', () => {
  it('encodes known vectors and round-trips past one slice of 32 KiB', () => {
    expect(toBase64(new TextEncoder().encode('Man'))).toBe('TWFu');
    expect(toBase64(new TextEncoder().encode('Ma'))).toBe('TWE=');
    expect(toBase64(new Uint8Array())).toBe('');
    const bytes = new Uint8Array(100_003).map((_, i) => (i * 7919) % 256);
    const decoded = Uint8Array.from(atob(toBase64(bytes)), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(bytes);
  });
});

describe('formatBytes', () => {
  it('picks a readable unit', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(54 * 1024)).toBe('54 KB');
    expect(formatBytes(3.4 * 1024 * 1024)).toBe('3.4 MB');
  });
});
