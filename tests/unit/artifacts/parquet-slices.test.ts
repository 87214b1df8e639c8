import * as parquet from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnsFromArrow } from '../../../src/main/artifacts/arrow-columns';
import { cellValue, type ColumnSet } from '../../../src/main/artifacts/columns';
import { sliceReads, windowRead } from '../../../src/main/artifacts/parquet-plan';
import { ParquetReader, readParquetColumns } from '../../../src/main/artifacts/parquet-source';
import { CleanedTable } from '../../../src/main/ingest/cleaned-table';
import { toParquet } from '../../../src/main/ingest/write-parquet';

// The whole table is decoded in slices (the allocator of one parquet-wasm call for 1M rows costs seconds),
// and pages are read from the row groups that hold them: both must give exactly the rows one call reads,
// whatever the slice size and row-group layout.

/** A parquet of `rows` rows as the engine writes it (one row group), or in row groups of `groupRows`. */
function parquetOf(rows: number, groupRows?: number): Uint8Array {
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
  const bytes = toParquet(t);
  if (groupRows === undefined) return bytes;
  const props = new parquet.WriterPropertiesBuilder().setMaxRowGroupSize(groupRows).build();
  return parquet.writeParquet(parquet.Table.fromIPCStream(parquet.readParquet(bytes).intoIPCStream()), props);
}

const cells = (set: ColumnSet): unknown[][] =>
  Array.from({ length: set.length }, (_, r) => set.columns.map((c) => cellValue(c, r)));

describe('parquet decoded in slices', () => {
  it.each([
    [2_501, 1_000, undefined],
    [3_000, 1_000, undefined],
    [999, 1_000, undefined],
    [0, 1_000, undefined],
    [2_501, 1_000, 300],
    [2_501, 250, 700],
  ])(
    '%i rows in slices of %i (row groups of %s) equal one read of the whole file',
    async (rows, slice, groups) => {
      const bytes = parquetOf(rows, groups);
      const whole = columnsFromArrow(tableFromIPC(parquet.readParquet(bytes).intoIPCStream()));
      const progress: [number, number][] = [];
      const sliced = await readParquetColumns(bytes, slice, (done, total) => progress.push([done, total]));
      expect(sliced.length).toBe(rows);
      // told after each slice, rising to the whole file
      expect(progress.at(-1)).toEqual(rows > 0 ? [rows, rows] : undefined);
      expect(progress.every(([d], i) => i === 0 || d > (progress[i - 1] as [number, number])[0])).toBe(true);
      if (rows > slice) expect(progress.length).toBeGreaterThan(1);
      expect(sliced.columns.map((c) => [c.name, c.type])).toEqual(whole.columns.map((c) => [c.name, c.type]));
      expect(cells(sliced)).toEqual(cells(whole));
      if (rows > 0) expect(cells(sliced)[rows - 1]?.[0]).toBe(`SO-${rows - 1}`);
    },
  );

  it('reads any window from the row groups that hold it, across group boundaries and past the end', async () => {
    const rows = 2_501;
    const bytes = parquetOf(rows, 300);
    const whole = cells(columnsFromArrow(tableFromIPC(parquet.readParquet(bytes).intoIPCStream())));
    const reader = await ParquetReader.open(bytes);
    try {
      expect(reader.groupRows).toEqual([...Array<number>(8).fill(300), 101]);
      expect(reader.rowCount).toBe(rows);
      for (const [offset, limit] of [
        [0, 100],
        [290, 20],
        [299, 1],
        [300, 1],
        [550, 700],
        [2_450, 100],
        [2_501, 100],
        [9_999, 5],
      ] as const) {
        const got = cells(await reader.window(offset, limit));
        expect(got, `rows ${offset}+${limit}`).toEqual(whole.slice(offset, offset + limit));
      }
    } finally {
      await reader.close();
    }
    await expect(reader.window(0, 1)).rejects.toThrow(/closed/);
  });
});

describe('row-group read plans', () => {
  it('name only the groups a window touches, with the offset inside the first', () => {
    expect(windowRead([100, 100, 50], 0, 10)).toEqual({ rowGroups: [0], offset: 0, limit: 10 });
    expect(windowRead([100, 100, 50], 95, 10)).toEqual({ rowGroups: [0, 1], offset: 95, limit: 10 });
    expect(windowRead([100, 100, 50], 200, 500)).toEqual({ rowGroups: [2], offset: 0, limit: 500 });
    expect(windowRead([100, 100, 50], 250, 10)).toEqual({ rowGroups: [], offset: 0, limit: 0 });
    expect(windowRead([1_000_000], 900_000, 100)).toEqual({ rowGroups: [0], offset: 900_000, limit: 100 });
  });

  it('decode small groups together and large groups in slices, each row once', () => {
    expect(sliceReads([40, 40, 40, 10], 100)).toEqual([
      { rowGroups: [0, 1], offset: 0, limit: 80 },
      { rowGroups: [2, 3], offset: 0, limit: 50 },
    ]);
    expect(sliceReads([250, 30], 100)).toEqual([
      { rowGroups: [0], offset: 0, limit: 100 },
      { rowGroups: [0], offset: 100, limit: 100 },
      { rowGroups: [0], offset: 200, limit: 50 },
      { rowGroups: [1], offset: 0, limit: 30 },
    ]);
    expect(sliceReads([], 100)).toEqual([]);
  });
});
