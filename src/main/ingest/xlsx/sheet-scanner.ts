import { ExcelDate, columnIndex, type Cell, type SheetRow } from './cell';
import { attr, collectText, decodeXmlText } from './xml-text';

const MAX_COLUMNS = 16_384;

/**
 * Incremental scanner for worksheet XML. Text arrives in arbitrary chunks; complete `<row>` elements are
 * parsed with indexOf (much faster than a general XML parser), the unfinished tail is kept for the next
 * chunk.
 */
export class SheetScanner {
  private buf = '';
  private lastRow = 0;
  private done = false;
  cellCount = 0;

  private readonly ROW: string;
  private readonly ROW_END: string;
  private readonly C: string;
  private readonly C_END: string;
  private readonly V: string;
  private readonly V_END: string;
  private readonly DATA_END: string;

  /** `prefix` is the worksheet's namespace prefix (`x:` from some .NET writers), usually ''. */
  constructor(
    private readonly sharedStrings: readonly string[],
    private readonly dateStyles: readonly boolean[],
    private readonly prefix = '',
  ) {
    this.ROW = `<${prefix}row`;
    this.ROW_END = `</${prefix}row>`;
    this.C = `<${prefix}c`;
    this.C_END = `</${prefix}c>`;
    this.V = `<${prefix}v`;
    this.V_END = `</${prefix}v>`;
    this.DATA_END = `</${prefix}sheetData>`;
  }

  get finished(): boolean {
    return this.done;
  }

  /** Appends text and returns the rows completed by it. */
  push(text: string): SheetRow[] {
    if (this.done) return [];
    const buf = this.buf.length === 0 ? text : this.buf + text;
    const rows: SheetRow[] = [];
    let p = 0;
    const endData = buf.indexOf(this.DATA_END);
    for (;;) {
      const rs = buf.indexOf(this.ROW, p);
      if (endData >= 0 && (rs < 0 || rs > endData)) {
        this.done = true;
        break;
      }
      if (rs < 0) {
        p = Math.max(p, buf.length - 16);
        break;
      }
      const next = buf.charCodeAt(rs + this.ROW.length);
      if (next !== 32 && next !== 62 && next !== 47) {
        p = rs + this.ROW.length;
        continue;
      }
      const gt = buf.indexOf('>', rs);
      if (gt < 0) {
        p = rs;
        break;
      }
      if (buf.charCodeAt(gt - 1) === 47) {
        this.lastRow = this.rowNumber(buf.slice(rs, gt));
        p = gt + 1;
        continue;
      }
      const re = buf.indexOf(this.ROW_END, gt);
      if (re < 0) {
        p = rs;
        break;
      }
      const row = this.parseRow(buf, rs, gt, re);
      if (row.cells.length > 0) rows.push(row);
      p = re + this.ROW_END.length;
    }
    this.buf = this.done ? '' : buf.slice(p);
    return rows;
  }

  private rowNumber(tag: string): number {
    const r = attr(tag, 'r');
    const n = r === null ? this.lastRow + 1 : Number(r);
    return Number.isInteger(n) && n > 0 ? n : this.lastRow + 1;
  }

  private parseRow(buf: string, rs: number, gt: number, re: number): SheetRow {
    const rowNum = this.rowNumber(buf.slice(rs, gt));
    this.lastRow = rowNum;
    const cells: Cell[] = [];
    let col = -1;
    let p = gt + 1;
    for (;;) {
      const c = buf.indexOf(this.C, p);
      if (c < 0 || c >= re) break;
      const ch = buf.charCodeAt(c + this.C.length);
      if (ch !== 32 && ch !== 62 && ch !== 47) {
        p = c + this.C.length;
        continue;
      }
      const tagEnd = buf.indexOf('>', c);
      const tag = buf.slice(c, tagEnd);
      const ref = attr(tag, 'r');
      const at = ref === null ? -1 : columnIndex(ref);
      col = at >= 0 ? at : col + 1;
      if (col >= MAX_COLUMNS) break;
      this.cellCount++;
      if (buf.charCodeAt(tagEnd - 1) === 47) {
        p = tagEnd + 1;
        continue;
      }
      const end = buf.indexOf(this.C_END, tagEnd);
      const value = this.cellValue(buf, tag, tagEnd + 1, end < 0 ? re : end);
      if (value !== null) {
        while (cells.length < col) cells.push(null);
        cells[col] = value;
      }
      p = end < 0 ? re : end + this.C_END.length;
    }
    return { row: rowNum, cells };
  }

  private cellValue(buf: string, tag: string, from: number, to: number): Cell {
    const t = attr(tag, 't');
    if (t === 'inlineStr') return collectText(buf, from, to, this.prefix);
    const v = buf.indexOf(this.V, from);
    if (v < 0 || v >= to) return null;
    const vgt = buf.indexOf('>', v);
    if (buf.charCodeAt(vgt - 1) === 47) return null;
    const vend = buf.indexOf(this.V_END, vgt);
    const raw = buf.slice(vgt + 1, vend);
    switch (t) {
      case null:
      case 'n': {
        const n = Number(raw);
        if (raw.length === 0 || !Number.isFinite(n)) return null;
        const s = attr(tag, 's');
        return s !== null && this.dateStyles[Number(s)] === true ? new ExcelDate(n) : n;
      }
      case 's':
        return this.sharedStrings[Number(raw)] ?? null;
      case 'b':
        return raw.trim() === '1' || raw.trim() === 'true';
      default:
        // 'str' (formula text), 'e' (error text), 'd' (ISO date text)
        return decodeXmlText(raw);
    }
  }
}
