import { Table, tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { AppError } from '../../shared/contract/errors';
import { columnsFromArrow } from './arrow-columns';
import type { ColumnSet } from './columns';

// sales_cleaned.parquet → column model. A page of rows in file order can be read without decoding the
// whole file (parquet-wasm skips to the row group), which is what makes opening a 1M-row run fast; sorting
// and filtering need the whole table.

function unreadable(e: unknown): AppError {
  return new AppError(
    'INPUT_INVALID',
    `The cleaned data (sales_cleaned.parquet) cannot be read: ${(e as Error).message ?? String(e)}.`,
    'The file is damaged; check the cache (it is downloaded again when online) or open the CSV.',
    { cause: e },
  );
}

/**
 * Rows decoded per parquet-wasm call when the whole table is read. One call for a million rows spends most
 * of its time growing the WebAssembly allocator to the whole decoded table (2–4 s on the first call in a
 * fresh worker, 0.2 s on a second); slices reuse the same few tens of MB and decode 1M rows in ~1.2 s.
 */
const SLICE_ROWS = 100_000;

function readSlice(bytes: Uint8Array, offset: number, limit: number): Table {
  return tableFromIPC(parquet.readParquet(bytes, { offset, limit }).intoIPCStream());
}

export function readParquetColumns(
  bytes: Uint8Array,
  window?: { offset: number; limit: number },
  sliceRows = SLICE_ROWS,
): ColumnSet {
  try {
    if (window) return columnsFromArrow(readSlice(bytes, window.offset, window.limit));
    const first = readSlice(bytes, 0, sliceRows);
    if (first.numRows < sliceRows) return columnsFromArrow(first);
    const batches = [...first.batches];
    for (let offset = sliceRows; ; offset += sliceRows) {
      const slice = readSlice(bytes, offset, sliceRows);
      batches.push(...slice.batches);
      if (slice.numRows < sliceRows) break;
    }
    return columnsFromArrow(new Table(first.schema, batches));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreadable(e);
  }
}

/** Rows in the file, from the footer only. */
export async function parquetRowCount(bytes: Uint8Array): Promise<number> {
  try {
    const file = await parquet.ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    try {
      return file.metadata().fileMetadata().numRows();
    } finally {
      file.free();
    }
  } catch (e) {
    throw unreadable(e);
  }
}
