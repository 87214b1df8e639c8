import { join } from 'node:path';
import { strToU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ExcelDate, type Cell, type SheetRow } from '../../../src/main/ingest/xlsx/cell';
import { XlsxWorkbook } from '../../../src/main/ingest/xlsx/workbook';
import { writeXlsx, type XlsxWriteOptions } from '../../../src/main/ingest/xlsx/xlsx-writer';
import { minimalParts, tempDir, writeZip } from './fixtures';

const tmp = tempDir();
afterAll(tmp.cleanup);

async function readAll(path: string, sheetName?: string): Promise<{ rows: SheetRow[]; wb: XlsxWorkbook }> {
  const wb = await XlsxWorkbook.open(path);
  const rows: SheetRow[] = [];
  try {
    const sheet = sheetName ? wb.sheets.find((s) => s.name === sheetName) : undefined;
    for await (const r of wb.rows(sheet)) rows.push(r);
  } finally {
    await wb.close();
  }
  return { rows, wb };
}

const ROWS: Cell[][] = [
  ['id', 'name', 'when', 'flag', 'amount'],
  ['A-1', '  padded  ', new ExcelDate(45292), true, 1234.5],
  ['A-2', 'Ünïcödé & <xml> "quotes"', new ExcelDate(45293.75), false, -0.1],
  [null, 'gap', null, null, 7],
];

describe('xlsx reader over generated workbooks', () => {
  const variants: [string, XlsxWriteOptions][] = [
    ['shared strings after the sheet (Excel order)', { strings: 'shared' }],
    ['shared strings before the sheet', { strings: 'shared', sharedStringsFirst: true }],
    ['inline strings', { strings: 'inline' }],
    ['stored (uncompressed) entries', { strings: 'shared', level: 0 }],
  ];
  for (const [label, options] of variants) {
    it(`reads every cell type with ${label}`, async () => {
      const path = join(tmp.dir, `${label.replace(/\W+/g, '_')}.xlsx`);
      writeXlsx(path, [{ name: 'Data', rows: () => ROWS }], options);
      const { rows } = await readAll(path);
      expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
      expect(rows[1]?.cells).toEqual(['A-1', '  padded  ', new ExcelDate(45292), true, 1234.5]);
      expect(rows[2]?.cells).toEqual([
        'A-2',
        'Ünïcödé & <xml> "quotes"',
        new ExcelDate(45293.75),
        false,
        -0.1,
      ]);
      expect(rows[3]?.cells).toEqual([null, 'gap', null, null, 7]);
    });
  }

  it('reports the 1904 date system', async () => {
    const path = join(tmp.dir, 'd1904.xlsx');
    writeXlsx(path, [{ name: 'Data', rows: () => ROWS }], { date1904: true });
    const { wb } = await readAll(path);
    expect(wb.date1904).toBe(true);
  });

  it('picks the sheet named sales_orders_fact in any case, else the first', async () => {
    const path = join(tmp.dir, 'sheets.xlsx');
    writeXlsx(path, [
      { name: 'About', rows: () => [['notes']] },
      { name: 'Sales_Orders_FACT', rows: () => [['order_id'], ['X']] },
    ]);
    const wb = await XlsxWorkbook.open(path);
    expect(wb.defaultSheet().name).toBe('Sales_Orders_FACT');
    await wb.close();
    const path2 = join(tmp.dir, 'sheets2.xlsx');
    writeXlsx(path2, [
      { name: 'First', rows: () => [['a']] },
      { name: 'Second', rows: () => [['b']] },
    ]);
    const wb2 = await XlsxWorkbook.open(path2);
    expect(wb2.defaultSheet().name).toBe('First');
    await wb2.close();
  });

  it('handles hand-written XML: missing r attributes, rich text, phonetic runs, errors, formulas, entities', async () => {
    const path = join(tmp.dir, 'hand.xlsx');
    writeZip(
      path,
      minimalParts(
        '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="e"><v>#N/A</v></c></row>' +
          '<row r="3" spans="1:4"><c r="B3" t="str"><f>A1&amp;"x"</f><v>a&amp;b</v></c><c r="D3" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve"> line</t></r></is></c></row>' +
          '<row r="5"/><row r="6"><c r="A6"><v>1.5E3</v></c><c r="B6" t="b"><v>0</v></c></row>',
        {
          sst: '<si><t>plain &#x263A; &lt;</t></si><si><r><t>ri</t></r><r><t>ch</t></r><rPh><t>IGNORED</t></rPh></si>',
        },
      ),
    );
    const { rows } = await readAll(path);
    expect(rows).toEqual([
      { row: 1, cells: ['plain \u263a <', 'rich', '#N/A'] },
      { row: 3, cells: [null, 'a&b', null, 'in line'] },
      { row: 6, cells: [1500, false] },
    ]);
  });

  it('reads parts written with a namespace prefix (<x:row>, <x:c>, <x:si>) as some .NET writers do', async () => {
    const path = join(tmp.dir, 'prefixed.xlsx');
    const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const parts = minimalParts('', { sst: '<si/>' });
    parts['xl/worksheets/sheet1.xml'] = strToU8(
      `<?xml version="1.0"?><x:worksheet xmlns:x="${NS}"><x:sheetData>` +
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c></x:row>' +
        '<x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="B2" s="1"><x:v>45292</x:v></x:c></x:row>' +
        '</x:sheetData></x:worksheet>',
    );
    parts['xl/sharedStrings.xml'] = strToU8(
      `<x:sst xmlns:x="${NS}"><x:si><x:t>first</x:t></x:si><x:si><x:r><x:t>sec</x:t></x:r><x:r><x:t>ond</x:t></x:r></x:si></x:sst>`,
    );
    parts['xl/styles.xml'] = strToU8(
      `<x:styleSheet xmlns:x="${NS}"><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>`,
    );
    const rels = new TextDecoder().decode(parts['xl/_rels/workbook.xml.rels'] as Uint8Array);
    parts['xl/_rels/workbook.xml.rels'] = strToU8(
      rels.replace(
        '</Relationships>',
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
      ),
    );
    writeZip(path, parts);
    const { rows } = await readAll(path);
    expect(rows).toEqual([
      { row: 1, cells: ['first', 'inline'] },
      { row: 2, cells: ['second', new ExcelDate(45292)] },
    ]);
  });

  it('streams: the first rows come out after inflating a small part of a large sheet', async () => {
    const path = join(tmp.dir, 'big.xlsx');
    const many = function* (): Generator<Cell[]> {
      yield ['id', 'text', 'n'];
      for (let i = 0; i < 40_000; i++) yield [`ID-${i}`, `row ${i % 977} text`, i * 1.5];
    };
    writeXlsx(path, [{ name: 'Data', rows: many }], { strings: 'inline' });
    const wb = await XlsxWorkbook.open(path);
    const first: SheetRow[] = [];
    for await (const r of wb.rows()) {
      first.push(r);
      if (first.length === 10) break;
    }
    const partial = wb.stats.inflatedBytes;
    await wb.close();
    const all = await XlsxWorkbook.open(path);
    let count = 0;
    for await (const _ of all.rows()) count++;
    const total = all.stats.inflatedBytes;
    await all.close();
    expect(first[9]?.cells[0]).toBe('ID-8');
    expect(count).toBe(40_001);
    expect(partial).toBeLessThan(total / 20);
  }, 30_000);
});
