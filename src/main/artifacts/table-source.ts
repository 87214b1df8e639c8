import { readFile } from 'node:fs/promises';
import type { ColumnSet } from './columns';
import { csvColumns } from './csv-source';
import { readParquetColumns } from './parquet-source';

export type TableFormat = 'parquet' | 'csv';

export interface TableFile {
  path: string;
  format: TableFormat;
}

/** The whole cleaned table of a file (used in the table worker, or in-process for small files and tests). */
export async function loadTable(file: TableFile): Promise<ColumnSet> {
  const bytes = await readFile(file.path);
  return file.format === 'parquet' ? await readParquetColumns(bytes) : csvColumns(bytes.toString('utf8'));
}
