import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/contract/errors';
import type { XlsxLimits } from '../../../src/main/ingest/xlsx/limits';
import { XlsxWorkbook } from '../../../src/main/ingest/xlsx/workbook';
import { writeXlsx } from '../../../src/main/ingest/xlsx/xlsx-writer';
import { centralRecordOffset, minimalParts, tempDir, writeZip } from './fixtures';

const tmp = tempDir();
afterAll(tmp.cleanup);

/** Opens and reads every row; returns the AppError it failed with (or fails the test). */
async function readError(path: string, limits?: Partial<XlsxLimits>): Promise<AppError> {
  try {
    const wb = await XlsxWorkbook.open(path, limits);
    try {
      for await (const _ of wb.rows()) {
        // read everything
      }
    } finally {
      await wb.close();
    }
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected the read to fail');
}

const rowsXml = (n: number): string =>
  Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');

describe('hostile and broken inputs', () => {
  it('stops a zip bomb by the compression ratio, counted while inflating', async () => {
    const path = join(tmp.dir, 'bomb.xlsx');
    // 16 MiB of the same byte compresses ~1000:1; the sheet XML wraps it so the entry is "valid".
    const filler = 'A'.repeat(16 * 1024 * 1024);
    writeZip(path, minimalParts(`<row r="1"><c r="A1" t="inlineStr"><is><t>${filler}</t></is></c></row>`), 9);
    const e = await readError(path);
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.message).toMatch(/compressed more than 250:1/);
    expect(e.hint).toMatch(/zip bomb/);
  }, 30_000);

  it('enforces the per-entry size even when the declared size lies', async () => {
    const path = join(tmp.dir, 'liar.xlsx');
    const zip = writeZip(path, minimalParts(rowsXml(20_000)));
    const cen = centralRecordOffset(zip, 'xl/worksheets/sheet1.xml');
    zip.writeUInt32LE(10, cen + 24); // declared uncompressed size: 10 bytes
    writeFileSync(path, zip);
    const e = await readError(path, { maxEntryUncompressedBytes: 100_000, maxCompressionRatio: 1e9 });
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.message).toMatch(/inflates to more than 97\.7 KiB|inflates to more than 100000 bytes/);
  });

  it('enforces the total uncompressed size across entries', async () => {
    const path = join(tmp.dir, 'total.xlsx');
    writeZip(path, minimalParts(rowsXml(20_000)));
    const e = await readError(path, { maxTotalUncompressedBytes: 50_000, maxCompressionRatio: 1e9 });
    expect(e.message).toMatch(/in total/);
  });

  it('says what a non-zip file really is: CSV, PNG, password-protected (CFB)', async () => {
    const csv = join(tmp.dir, 'data.xlsx');
    writeFileSync(csv, 'order_id,quantity\n1,2\n');
    expect((await readError(csv)).message).toMatch(/plain text \(for example CSV\)/);
    const png = join(tmp.dir, 'image.xlsx');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    expect((await readError(png)).message).toMatch(/PNG image/);
    const cfb = join(tmp.dir, 'locked.xlsx');
    writeFileSync(
      cfb,
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
    );
    const e = await readError(cfb);
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.message).toMatch(/password-protected/);
    expect(e.hint).toMatch(/without a password/);
    const empty = join(tmp.dir, 'empty.xlsx');
    writeFileSync(empty, '');
    expect((await readError(empty)).code).toBe('INPUT_INVALID');
  });

  it('refuses a macro-enabled workbook (vbaProject.bin)', async () => {
    const path = join(tmp.dir, 'macro.xlsm');
    writeZip(path, { ...minimalParts(rowsXml(2)), 'xl/vbaProject.bin': strToU8('VBA') });
    const e = await readError(path);
    expect(e.message).toMatch(/macros/);
    expect(e.hint).toMatch(/save it as \.xlsx/);
  });

  it('refuses a zip that is not a workbook', async () => {
    const path = join(tmp.dir, 'other.xlsx');
    writeZip(path, { 'readme.txt': strToU8('hello') });
    expect((await readError(path)).message).toMatch(/zip archive but not an Excel workbook/);
  });

  it('stops at the row limit', async () => {
    const path = join(tmp.dir, 'rows.xlsx');
    writeXlsx(path, [{ name: 'Data', rows: () => Array.from({ length: 5_000 }, (_, i) => [i]) }]);
    const e = await readError(path, { maxRows: 1_000 });
    expect(e.message).toBe('The worksheet has more than 1,000 data rows.');
  });

  it('stops at the cell limit and the shared-string limit', async () => {
    const path = join(tmp.dir, 'cells.xlsx');
    writeXlsx(path, [{ name: 'Data', rows: () => Array.from({ length: 3_000 }, (_, i) => [i, `s${i}`, i]) }]);
    expect((await readError(path, { maxCells: 2_000 })).message).toMatch(/more than 2,000 cells/);
    expect((await readError(path, { maxSharedStringBytes: 1_000 })).message).toMatch(
      /shared strings are larger/,
    );
  });

  it('stops when the wall-clock budget is spent', async () => {
    const path = join(tmp.dir, 'slow.xlsx');
    writeXlsx(path, [{ name: 'Data', rows: () => Array.from({ length: 20_000 }, (_, i) => [i, 'x']) }]);
    const e = await readError(path, { maxMillis: 0 });
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.message).toMatch(/took longer than 0 s/);
  });

  it('stops on the file-size and entry-count limits before inflating anything', async () => {
    const path = join(tmp.dir, 'size.xlsx');
    writeZip(path, minimalParts(rowsXml(10)));
    expect((await readError(path, { maxFileBytes: 100 })).message).toMatch(
      /more than the limit of 100 bytes/,
    );
    expect((await readError(path, { maxEntries: 3 })).message).toMatch(
      /zip entries, more than the limit of 3/,
    );
  });

  it('reports corrupted deflate data and truncated files as damaged', async () => {
    const path = join(tmp.dir, 'corrupt.xlsx');
    const zip = writeZip(path, minimalParts(rowsXml(5_000)));
    const cen = centralRecordOffset(zip, 'xl/worksheets/sheet1.xml');
    const local = zip.readUInt32LE(cen + 42);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    for (let i = 0; i < 64; i++) zip[dataStart + 40 + i] = 0xff;
    writeFileSync(path, zip);
    const e = await readError(path);
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.message).toMatch(/damaged/);
    const cut = join(tmp.dir, 'cut.xlsx');
    writeFileSync(cut, zip.subarray(0, Math.floor(zip.length / 2)));
    expect((await readError(cut)).message).toMatch(/damaged|truncated/);
  });

  it('says so when the file does not exist', async () => {
    const e = await readError(join(tmp.dir, 'missing.xlsx'));
    expect(e.code).toBe('NOT_FOUND');
  });

  it('honours cancellation', async () => {
    const path = join(tmp.dir, 'cancel.xlsx');
    writeXlsx(path, [{ name: 'Data', rows: () => Array.from({ length: 20_000 }, (_, i) => [i]) }]);
    const ac = new AbortController();
    const wb = await XlsxWorkbook.open(path, {}, ac.signal);
    ac.abort();
    await expect(
      (async () => {
        for await (const _ of wb.rows()) {
          // nothing
        }
      })(),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    await wb.close();
  });
});
