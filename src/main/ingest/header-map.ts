import { CLEANED_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from '../../shared/artifacts';
import type { Cell } from './xlsx/cell';
import { normaliseHeader, toText } from './values';

export type ContractColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export interface HeaderColumn {
  /** header text as written (trimmed) */
  name: string;
  /** cell index in the worksheet row */
  index: number;
  canonical: ContractColumn | null;
  required: boolean;
  /** column name in sales_cleaned.* (extra columns: the header, made unique with _2, _3, ...) */
  outputName: string;
}

export interface HeaderMap {
  columns: HeaderColumn[];
  /** cell index of each contract column present */
  indexOf: Partial<Record<ContractColumn, number>>;
  extras: HeaderColumn[];
  /** in the order of REQUIRED_COLUMNS */
  missingRequired: string[];
  /** headers that repeat a contract column and are carried as extra columns */
  duplicateHeaders: string[];
}

const CONTRACT = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
const REQUIRED = new Set<string>(REQUIRED_COLUMNS);

/** Maps header cells to contract columns (docs/data-contract.md, "Input"). */
export function mapHeader(cells: readonly Cell[], date1904: boolean): HeaderMap {
  const columns: HeaderColumn[] = [];
  const indexOf: Partial<Record<ContractColumn, number>> = {};
  const duplicateHeaders: string[] = [];
  cells.forEach((cell, index) => {
    const name = toText(cell, date1904);
    if (name === null) return;
    const norm = normaliseHeader(name);
    let canonical: ContractColumn | null = null;
    if (CONTRACT.has(norm)) {
      if (indexOf[norm as ContractColumn] === undefined) {
        canonical = norm as ContractColumn;
        indexOf[canonical] = index;
      } else {
        duplicateHeaders.push(name);
      }
    }
    columns.push({
      name,
      index,
      canonical,
      required: canonical !== null && REQUIRED.has(canonical),
      outputName: canonical ?? name,
    });
  });
  // Extra columns must not collide with the cleaned columns or each other in CSV / parquet.
  const used = new Set<string>(CLEANED_COLUMNS);
  for (const c of columns) {
    if (c.canonical !== null) continue;
    let out = c.name;
    for (let n = 2; used.has(out); n++) out = `${c.name}_${n}`;
    used.add(out);
    c.outputName = out;
  }
  return {
    columns,
    indexOf,
    extras: columns.filter((c) => c.canonical === null),
    missingRequired: REQUIRED_COLUMNS.filter((c) => indexOf[c] === undefined),
    duplicateHeaders,
  };
}

export function missingColumnsMessage(missing: readonly string[]): string {
  return `Missing required column(s): ${missing.join(', ')}`;
}
