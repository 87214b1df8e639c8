import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvColumns, parseCsvRecords } from '../../../src/main/artifacts/csv-source';
import { ParquetReader, readParquetColumns } from '../../../src/main/artifacts/parquet-source';
import { TableQueryEngine } from '../../../src/main/artifacts/table-query';
import { CleanedTable, type CleanedRow } from '../../../src/main/ingest/cleaned-table';
import { writeCleanedCsv } from '../../../src/main/ingest/write-csv';
import { toParquet } from '../../../src/main/ingest/write-parquet';

// The CSV fallback must show exactly what the parquet shows: both written by the engine's own writers
// from one table with awkward values (quotes, commas, newlines, formula-like text, nulls, negative zero).

const extras = [{ name: 'Notes', index: 16, canonical: null, required: false, outputName: 'Notes' }];

function table(): CleanedTable {
  const t = new CleanedTable(extras);
  const texts = [
    'plain',
    'with, comma',
    'with "quotes"',
    'multi\nline',
    '=SUM(A1)',
    '-minus',
    '@at',
    'Ünïcødé 😀',
    '',
  ];
  for (let i = 0; i < 60; i++) {
    const row: CleanedRow = {
      order_id: `SO-${i}`,
      line_number: (i % 3) + 1,
      order_date: 19_700 + i,
      ship_date: i % 4 === 0 ? null : 19_702 + i,
      customer_id: `C${i % 7}`,
      customer_name: i % 5 === 0 ? null : (texts[i % texts.length] as string) || null,
      region: ['EMEA', 'APAC'][i % 2] as string,
      country: null,
      product_id: `P-${i % 9}`,
      product_name: texts[(i + 3) % texts.length] || null,
      category: 'Cat',
      channel: i % 2 ? 'Online' : null,
      quantity: 1 + (i % 5),
      unit_price: i === 7 ? 0.1 + 0.2 : i * 1.25,
      discount: i % 3 === 0 ? 0.15 : 0,
      unit_cost: i % 6 === 0 ? null : 1e-7 * i,
      net_revenue: i === 8 ? -0 : (1 + (i % 5)) * i * 1.25 * (i % 3 === 0 ? 0.85 : 1),
      extras: [i % 2 ? `note ${texts[i % texts.length]}` : null],
    };
    t.push(row);
  }
  return t;
}

describe('CSV fallback reads what the parquet holds', () => {
  it('same columns, types and every row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-vs-parquet-'));
    try {
      const t = table();
      await writeCleanedCsv(join(dir, 'sales_cleaned.csv'), t);
      const csv = csvColumns(await readFile(join(dir, 'sales_cleaned.csv'), 'utf8'));
      const pq = await readParquetColumns(toParquet(t));
      const all = { offset: 0, limit: 500, sort: [], filters: [] };
      const fromCsv = new TableQueryEngine(csv).query(all);
      const fromParquet = new TableQueryEngine(pq).query(all);
      expect(fromCsv.columns).toEqual(fromParquet.columns);
      expect(fromCsv.columns.at(-1)).toEqual({ name: 'Notes', type: 'string' });
      expect(fromCsv.rows).toEqual(fromParquet.rows.map((r) => r.map((v) => (Object.is(v, -0) ? 0 : v))));
      expect(fromParquet.rows[3]?.[5]).toBe('multi\nline');
      expect(fromParquet.rows[1]?.[9]).toBe('=SUM(A1)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a window of rows from the parquet row groups', async () => {
    const reader = await ParquetReader.open(toParquet(table()));
    const window = await reader.window(50, 5);
    await reader.close();
    expect(window.length).toBe(5);
    expect(
      new TableQueryEngine(window).query({ offset: 0, limit: 5, sort: [], filters: [] }).rows[0]?.[0],
    ).toBe('SO-50');
  });

  it('refuses damaged CSV and parquet with a clear message', async () => {
    expect(() => parseCsvRecords('order_id,x\r\n"open')).toThrow(/ends inside a quoted field/);
    expect(() => csvColumns('a,b\r\n1,2\r\n')).toThrow(/does not start with the contract header/);
    expect(() => csvColumns('order_id,quantity\r\nA,1\r\nB\r\n')).toThrow(
      /line 3 has 1 fields, the header 2/,
    );
    expect(() => csvColumns('order_id,quantity\r\nA,lots\r\n')).toThrow(
      /"lots" in quantity, which is not a integer/,
    );
    const bytes = toParquet(table());
    await expect(readParquetColumns(bytes.subarray(0, bytes.length - 100))).rejects.toThrow(
      /sales_cleaned\.parquet\) cannot be read/,
    );
  });
});
