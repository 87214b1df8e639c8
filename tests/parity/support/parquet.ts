import { DataType, tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';

// Reads sales_cleaned.parquet with parquet-wasm + apache-arrow directly (not through the app's reader), so
// a golden test checks what any Parquet consumer would see: column names, logical types and values.

export type ColumnKind = 'string' | 'int64' | 'date' | 'float64' | 'other';

export interface ParquetContent {
  columns: { name: string; kind: ColumnKind }[];
  rows: Record<string, string | number | null>[];
}

function kindOf(type: DataType): ColumnKind {
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'string';
  if (DataType.isInt(type) && type.bitWidth === 64 && type.isSigned) return 'int64';
  if (DataType.isDate(type)) return 'date';
  if (DataType.isFloat(type) && type.precision === 2) return 'float64';
  return 'other';
}

function plain(value: unknown, kind: ColumnKind): string | number | null {
  if (value === null || value === undefined) return null;
  if (kind === 'int64') return Number(value as bigint);
  if (kind === 'date') {
    const ms = value instanceof Date ? value.getTime() : Number(value);
    return new Date(ms).toISOString().slice(0, 10);
  }
  return value as string | number;
}

export function readParquetContent(bytes: Uint8Array): ParquetContent {
  const table = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
  const columns = table.schema.fields.map((f) => ({ name: f.name, kind: kindOf(f.type) }));
  const vectors = columns.map((_, i) => table.getChildAt(i)!);
  const rows: ParquetContent['rows'] = [];
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, string | number | null> = {};
    columns.forEach((c, i) => (row[c.name] = plain(vectors[i]!.get(r), c.kind)));
    rows.push(row);
  }
  return { columns, rows };
}
