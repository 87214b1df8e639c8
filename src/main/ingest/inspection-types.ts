import type { ImportProfile, Kpis } from '../../shared/artifacts';
import type { AppErrorData } from '../../shared/contract/errors';
import type { XlsxLimits } from './xlsx/limits';
import type { ReadStats } from './xlsx/workbook';

/** A cell as the UI shows it: dates as `YYYY-MM-DD`, text trimmed, empty as null. */
export type DisplayValue = string | number | boolean | null;

export interface PreviewColumn {
  name: string;
  canonical: string | null;
  required: boolean;
}

export interface PreviewRow {
  /** worksheet row number */
  row: number;
  /** aligned with `columns` */
  values: DisplayValue[];
}

export interface WorkbookPreview {
  sheet: string;
  headerRow: number;
  columns: PreviewColumn[];
  missingRequired: string[];
  rows: PreviewRow[];
  stats: ReadStats;
}

export interface WorkbookInspection extends WorkbookPreview {
  sheets: string[];
  date1904: boolean;
  /** the import profile the engine would write: schema, inferred types, null counts, rule results */
  profile: ImportProfile;
  /** the KPIs the engine would compute from this workbook (run_id "inspection") */
  kpis: Kpis;
  elapsedMs: number;
}

export interface PreflightResult {
  ok: boolean;
  /** every problem found: missing file, unreadable, not xlsx, missing required columns */
  problems: AppErrorData[];
  preview: WorkbookPreview | null;
}

export type InspectJob =
  | { kind: 'inspect'; path: string; maxPreviewRows: number; limits: Partial<XlsxLimits> }
  | { kind: 'preview'; path: string; rows: number; limits: Partial<XlsxLimits> };

export type WorkerMessage =
  | { type: 'progress'; rowsRead: number }
  | { type: 'result'; value: WorkbookInspection | WorkbookPreview }
  | { type: 'error'; error: AppErrorData };
