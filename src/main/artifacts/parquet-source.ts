import { Table, tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { AppError } from '../../shared/contract/errors';
import { columnsFromArrow } from './arrow-columns';
import type { ColumnSet } from './columns';
import { sliceReads, windowRead, type GroupRead } from './parquet-plan';

// sales_cleaned.parquet → column model. A page of rows in file order is read from the row groups that hold
// it, without decoding the whole file: that is what makes opening a 1M-row run fast and serves the grid
// while the whole table is still being decoded for sorting and filtering.

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

/**
 * One parquet file opened for reads. It reads through parquet-wasm's file reader over a Blob, which copies
 * only the column chunks a read needs into WebAssembly memory (`readParquet(bytes)` copies the whole file on
 * every call: ~3 ms of a 100-row read of a 27 MB file). Reads run one at a time, so `close` never frees the
 * reader under a read in flight.
 */
export class ParquetReader {
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly file: parquet.ParquetFile,
    /** rows of each row group, in file order */
    readonly groupRows: readonly number[],
  ) {}

  static async open(bytes: Uint8Array): Promise<ParquetReader> {
    let file: parquet.ParquetFile | null = null;
    try {
      file = await parquet.ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
      const meta = file.metadata();
      try {
        return new ParquetReader(
          file,
          meta.rowGroups().map((g) => {
            const rows = g.numRows();
            g.free();
            return rows;
          }),
        );
      } finally {
        meta.free();
      }
    } catch (e) {
      file?.free();
      throw unreadable(e);
    }
  }

  get rowCount(): number {
    return this.groupRows.reduce((a, b) => a + b, 0);
  }

  /** Rows [offset, offset + limit) in file order (fewer at the end of the file). */
  async window(offset: number, limit: number): Promise<ColumnSet> {
    return columnsFromArrow(await this.read(windowRead(this.groupRows, offset, limit)));
  }

  /** The whole table, decoded in slices; `onSlice` is told the rows decoded so far after each. */
  async all(sliceRows = SLICE_ROWS, onSlice?: (rowsDone: number) => void): Promise<ColumnSet> {
    let schema: Table['schema'] | null = null;
    const batches: Table['batches'] = [];
    let rowsDone = 0;
    for (const read of sliceReads(this.groupRows, sliceRows)) {
      const slice = await this.read(read);
      schema ??= slice.schema;
      batches.push(...slice.batches);
      rowsDone += slice.numRows;
      onSlice?.(rowsDone);
    }
    if (!schema) return columnsFromArrow(await this.read({ rowGroups: [], offset: 0, limit: 0 }));
    return columnsFromArrow(new Table(schema, batches));
  }

  /** Frees the reader once the read in flight is answered; reads not started by then are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.chain.catch(() => undefined);
    this.file.free();
  }

  private read(read: GroupRead): Promise<Table> {
    const run = async (): Promise<Table> => {
      if (this.closed) throw new AppError('CANCELLED', 'The table was closed.');
      try {
        const table = await this.file.read({
          rowGroups: read.rowGroups,
          offset: read.offset,
          limit: read.limit,
        });
        return tableFromIPC(table.intoIPCStream());
      } catch (e) {
        throw e instanceof AppError ? e : unreadable(e);
      }
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

/**
 * The whole table of a parquet file's bytes (in the table worker, or in-process in tests); `onProgress` is
 * told the rows decoded so far and the file's row count after each slice.
 */
export async function readParquetColumns(
  bytes: Uint8Array,
  sliceRows = SLICE_ROWS,
  onProgress?: (rowsDone: number, rowsTotal: number) => void,
): Promise<ColumnSet> {
  const reader = await ParquetReader.open(bytes);
  try {
    const total = reader.rowCount;
    return await reader.all(sliceRows, onProgress && ((done) => onProgress(done, total)));
  } finally {
    await reader.close();
  }
}
