/** A date-formatted numeric cell; the serial is interpreted with the workbook's date system. */
export class ExcelDate {
  constructor(readonly serial: number) {}
}

/** One worksheet cell as stored: errors (`#N/A`) arrive as their text, like openpyxl returns them. */
export type Cell = null | string | number | boolean | ExcelDate;

export interface SheetRow {
  /** worksheet row number, 1-based */
  row: number;
  /** dense by column index (A = 0); absent cells are null */
  cells: Cell[];
}

/** Column letters of a cell reference (`AB12` → 27), or -1 when there are none. */
export function columnIndex(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) col = col * 26 + (code - 64);
    else if (code >= 97 && code <= 122) col = col * 26 + (code - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

export function columnLetters(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
