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

  constructor(
    private readonly sharedStrings: readonly string[],
    private readonly dateStyles: readonly boolean[],
  ) {}

  get finished(): boolean {
    return this.done;
  }

  /** Appends text and returns the rows completed by it. */
  push(text: string): SheetRow[] {
    if (this.done) return [];
    const buf = this.buf.length === 0 ? text : this.buf + text;
    const rows: SheetRow[] = [];
    let p = 0;
    const endData = buf.indexOf('</sheetData>');
    for (;;) {
      const rs = buf.indexOf('<row', p);
      if (endData >= 0 && (rs < 0 || rs > endData)) {
        this.done = true;
        break;
      }
      if (rs < 0) {
        p = Math.max(p, buf.length - 16);
        break;
      }
      const next = buf.charCodeAt(rs + 4);
      if (next !== 32 && next !== 62 && next !== 47) {
        p = rs + 4;
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
      const re = buf.indexOf('</row>', gt);
      if (re < 0) {
        p = rs;
        break;
      }
      const row = this.parseRow(buf, rs, gt, re);
      if (row.cells.length > 0) rows.push(row);
      p = re + 6;
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
      const c = buf.indexOf('<c', p);
      if (c < 0 || c >= re) break;
      const ch = buf.charCodeAt(c + 2);
      if (ch !== 32 && ch !== 62 && ch !== 47) {
        p = c + 2;
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
      const end = buf.indexOf('</c>', tagEnd);
      const value = this.cellValue(buf, tag, tagEnd + 1, end < 0 ? re : end);
      if (value !== null) {
        while (cells.length < col) cells.push(null);
        cells[col] = value;
      }
      p = end < 0 ? re : end + 4;
    }
    return { row: rowNum, cells };
  }

  private cellValue(buf: string, tag: string, from: number, to: number): Cell {
    const t = attr(tag, 't');
    if (t === 'inlineStr') return collectText(buf, from, to);
    const v = buf.indexOf('<v', from);
    if (v < 0 || v >= to) return null;
    const vgt = buf.indexOf('>', v);
    if (buf.charCodeAt(vgt - 1) === 47) return null;
    const vend = buf.indexOf('</v>', vgt);
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
