import type { AppErrorData } from '../../shared/contract/errors';
import { isAppError } from '../../shared/contract/errors';
import type { HeaderMap } from './header-map';
import type {
  DisplayValue,
  InspectJob,
  PreviewColumn,
  PreviewRow,
  WorkbookInspection,
  WorkbookPreview,
} from './inspection-types';
import { processWorkbook, readFirstRows } from './process-workbook';
import { formatDay, serialToDay } from './values';
import { ExcelDate, type Cell, type SheetRow } from './xlsx/cell';

function display(cell: Cell | undefined, date1904: boolean): DisplayValue {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof ExcelDate) {
    const day = serialToDay(cell.serial, date1904, true);
    return day === null ? cell.serial : formatDay(day);
  }
  if (typeof cell === 'string') {
    const s = cell.trim();
    return s === '' ? null : s;
  }
  return cell;
}

function previewColumns(header: HeaderMap): PreviewColumn[] {
  return header.columns.map((c) => ({ name: c.name, canonical: c.canonical, required: c.required }));
}

function displayRows(header: HeaderMap, rows: SheetRow[], date1904: boolean): PreviewRow[] {
  return rows.map((r) => ({
    row: r.row,
    values: header.columns.map((c) => display(r.cells[c.index], date1904)),
  }));
}

/** The first rows only: stops inflating the sheet as soon as they are read. */
export async function previewWorkbook(
  job: Extract<InspectJob, { kind: 'preview' }>,
  signal?: AbortSignal,
): Promise<WorkbookPreview> {
  const r = await readFirstRows(job.path, job.rows, job.limits, signal);
  return {
    sheet: r.sheet,
    headerRow: r.headerRow,
    columns: previewColumns(r.header),
    missingRequired: r.header.missingRequired,
    rows: displayRows(r.header, r.rows, r.date1904),
    stats: r.stats,
  };
}

/** Full inspection: every row through the engine's contract processor, keeping only the first rows. */
export async function inspectWorkbookFile(
  job: Extract<InspectJob, { kind: 'inspect' }>,
  onProgress?: (rowsRead: number) => void,
  signal?: AbortSignal,
): Promise<WorkbookInspection> {
  const t0 = performance.now();
  const firstRows: SheetRow[] = [];
  const wb = await processWorkbook(job.path, {
    limits: job.limits,
    signal,
    onProgress,
    collectCleaned: false,
    onRow: (row) => {
      if (firstRows.length < job.maxPreviewRows) firstRows.push(row);
    },
  });
  return {
    sheet: wb.sheet,
    sheets: wb.sheets,
    date1904: wb.date1904,
    headerRow: wb.headerRow,
    columns: previewColumns(wb.header),
    missingRequired: wb.header.missingRequired,
    rows: displayRows(wb.header, firstRows, wb.date1904),
    profile: wb.processor.profile(wb.sheet),
    kpis: wb.processor.kpis.result('inspection', wb.processor.counts()),
    stats: wb.stats,
    elapsedMs: performance.now() - t0,
  };
}

export function toErrorData(e: unknown): AppErrorData {
  if (isAppError(e)) return e.toData();
  return {
    code: 'INTERNAL',
    message: `Inspecting the workbook failed: ${(e as Error)?.message ?? String(e)}`,
  };
}
