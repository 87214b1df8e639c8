import * as parquet from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnsFromArrow } from '../../../src/main/artifacts/arrow-columns';
import { cellValue, type ColumnSet } from '../../../src/main/artifacts/columns';
import { readParquetColumns } from '../../../src/main/artifacts/parquet-source';
import { CleanedTable } from '../../../src/main/ingest/cleaned-table';
import { toParquet } from '../../../src/main/ingest/write-parquet';

// The whole table is decoded in slices (the allocator of one parquet-wasm call for 1M rows costs seconds);
// the slices put together must be exactly the table one call reads, whatever the slice size.

function parquetOf(rows: number): Uint8Array {
  const t = new CleanedTable([]);
  for (let i = 0; i < rows; i++) {
    t.push({
      order_id: `SO-${i}`,
      line_number: (i % 3) + 1,
      order_date: 19_700 + (i % 400),
      ship_date: i % 4 === 0 ? null : 19_702 + (i % 400),
      customer_id: `C${i % 7}`,
      customer_name: i % 5 === 0 ? null : `Customer ${i % 11}`,
      region: ['EMEA', 'APAC'][i % 2] as string,
      country: null,
      product_id: `P-${i % 9}`,
      product_name: `Product ${i % 9}`,
      category: 'Hardware',
      channel: 'Online',
      quantity: i % 17,
      unit_price: i / 8,
      discount: i % 3 === 0 ? 0.1 : 0,
      unit_cost: i % 6 === 0 ? null : i / 16,
      net_revenue: i * 1.5,
      extras: [],
    });
  }
  return toParquet(t);
}

const cells = (set: ColumnSet): unknown[][] =>
  Array.from({ length: set.length }, (_, r) => set.columns.map((c) => cellValue(c, r)));

describe('parquet decoded in slices', () => {
  it.each([
    [2_501, 1_000],
    [3_000, 1_000],
    [999, 1_000],
    [0, 1_000],
  ])('%i rows in slices of %i equal one read of the whole file', (rows, slice) => {
    const bytes = parquetOf(rows);
    const whole = columnsFromArrow(tableFromIPC(parquet.readParquet(bytes).intoIPCStream()));
    const sliced = readParquetColumns(bytes, undefined, slice);
    expect(sliced.length).toBe(rows);
    expect(sliced.columns.map((c) => [c.name, c.type])).toEqual(whole.columns.map((c) => [c.name, c.type]));
    expect(cells(sliced)).toEqual(cells(whole));
    if (rows > 0) expect(cells(sliced)[rows - 1]?.[0]).toBe(`SO-${rows - 1}`);
  });
});
