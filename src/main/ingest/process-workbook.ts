import { AppError } from '../../shared/contract/errors';
import { ContractProcessor } from './contract-processor';
import { mapHeader, type HeaderMap } from './header-map';
import { isMissing } from './values';
import type { SheetRow } from './xlsx/cell';
import type { XlsxLimits } from './xlsx/limits';
import { XlsxWorkbook, type ReadStats } from './xlsx/workbook';

export interface ProcessOptions {
  limits?: Partial<XlsxLimits>;
  signal?: AbortSignal;
  onProgress?: (rowsRead: number) => void;
  collectCleaned: boolean;
  keepFirst?: number;
  /** sees every non-blank data row before the contract rules do (the inspector keeps the first few) */
  onRow?: (row: SheetRow) => void;
}

export interface ProcessedWorkbook {
  sheet: string;
  sheets: string[];
  date1904: boolean;
  header: HeaderMap;
  /** worksheet row number of the header */
  headerRow: number;
  processor: ContractProcessor;
  stats: ReadStats;
  /** milliseconds spent in the contract rules (the rest of the read is zip + XML) */
  cleanMillis: number;
}

/** Reads the contract sheet and runs every data row through the contract rules. */
export async function processWorkbook(path: string, options: ProcessOptions): Promise<ProcessedWorkbook> {
  const wb = await XlsxWorkbook.open(path, options.limits, options.signal);
  try {
    const sheet = wb.defaultSheet();
    let header: HeaderMap | null = null;
    let headerRow = 0;
    let processor: ContractProcessor | null = null;
    let cleanMillis = 0;
    for await (const row of wb.rows(sheet, { onProgress: options.onProgress })) {
      if (processor === null) {
        if (row.cells.every(isMissing)) continue;
        header = mapHeader(row.cells, wb.date1904);
        headerRow = row.row;
        processor = new ContractProcessor(header, {
          date1904: wb.date1904,
          collectCleaned: options.collectCleaned,
          keepFirst: options.keepFirst,
        });
        continue;
      }
      if (options.onRow && !row.cells.every(isMissing)) options.onRow(row);
      const t0 = performance.now();
      processor.push(row);
      cleanMillis += performance.now() - t0;
    }
    if (options.signal?.aborted) throw new AppError('CANCELLED', 'Reading the workbook was cancelled.');
    header ??= mapHeader([], wb.date1904);
    processor ??= new ContractProcessor(header, {
      date1904: wb.date1904,
      collectCleaned: options.collectCleaned,
    });
    return {
      sheet: sheet.name,
      sheets: wb.sheets.map((s) => s.name),
      date1904: wb.date1904,
      header,
      headerRow,
      processor,
      stats: { ...wb.stats },
      cleanMillis,
    };
  } finally {
    await wb.close();
  }
}

/** The first `n` data rows (after the header) without reading further into the sheet. */
export async function readFirstRows(
  path: string,
  n: number,
  limits?: Partial<XlsxLimits>,
  signal?: AbortSignal,
): Promise<{
  sheet: string;
  date1904: boolean;
  header: HeaderMap;
  headerRow: number;
  rows: SheetRow[];
  stats: ReadStats;
}> {
  const wb = await XlsxWorkbook.open(path, limits, signal);
  try {
    const sheet = wb.defaultSheet();
    let header: HeaderMap | null = null;
    let headerRow = 0;
    const rows: SheetRow[] = [];
    for await (const row of wb.rows(sheet)) {
      if (header === null) {
        if (row.cells.every(isMissing)) continue;
        header = mapHeader(row.cells, wb.date1904);
        headerRow = row.row;
      } else if (!row.cells.every(isMissing)) {
        if (rows.length >= n) break;
        rows.push(row);
      }
      if (rows.length >= n && header !== null) break;
    }
    return {
      sheet: sheet.name,
      date1904: wb.date1904,
      header: header ?? mapHeader([], wb.date1904),
      headerRow,
      rows,
      stats: { ...wb.stats },
    };
  } finally {
    await wb.close();
  }
}
