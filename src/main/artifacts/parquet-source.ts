import { tableFromIPC } from 'apache-arrow';
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

export function readParquetColumns(bytes: Uint8Array, window?: { offset: number; limit: number }): ColumnSet {
  try {
    const wasm = parquet.readParquet(
      bytes,
      window ? { offset: window.offset, limit: window.limit } : undefined,
    );
    return columnsFromArrow(tableFromIPC(wasm.intoIPCStream()));
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
