import type { CellValue, ColumnType } from '../../../../../shared/contract/artifacts';

// Sizes and cell text shared by the grid's header and rows.

export const ROW_H = 30;
export const HEAD_H = 36;
export const FILTER_H = 40;

export const columnWidth = (type: ColumnType): number =>
  type === 'string' ? 170 : type === 'date' ? 124 : 112;

// One formatter for every cell: Number#toLocaleString with options builds a new formatter per call,
// which made the screenful after a jump cost tens of milliseconds.
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

export const cellText = (v: CellValue | undefined): string =>
  v === null || v === undefined ? '' : typeof v === 'number' ? NUMBER.format(v) : v;
