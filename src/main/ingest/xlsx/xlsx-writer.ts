import { closeSync, openSync, writeSync } from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { ExcelDate, columnLetters, type Cell } from './cell';

export interface SheetSource {
  name: string;
  /** called once per pass; shared strings written before the sheet need two passes */
  rows: () => Iterable<readonly Cell[]>;
}

export interface XlsxWriteOptions {
  /** 'shared' (what Excel writes) or 'inline' (`t="inlineStr"`) */
  strings?: 'shared' | 'inline';
  /** put xl/sharedStrings.xml before the worksheets in the zip (Excel puts it after) */
  sharedStringsFirst?: boolean;
  date1904?: boolean;
  /** deflate level 0-9 (0 = stored) */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

const enc = new TextEncoder();
const DATE_STYLE = 1;
const FIXED_MTIME = new Date(2024, 0, 1);

function escapeXml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (ch) => {
    if (ch === '&') return '&amp;';
    if (ch === '<') return '&lt;';
    if (ch === '>') return '&gt;';
    if (ch === '"') return '&quot;';
    return `_x${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`;
  });
}

function textElement(s: string): string {
  const space = s !== s.trim() ? ' xml:space="preserve"' : '';
  return `<t${space}>${escapeXml(s)}</t>`;
}

const CONTENT_TYPES = (sheetCount: number, shared: boolean): string =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('') +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  (shared
    ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    : '') +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  '</Types>';

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
  '</Relationships>';

const APP_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Fabric Data Portal</Application></Properties>';

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

function workbookXml(names: string[], date1904: boolean): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    (date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>') +
    '<sheets>' +
    names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    '</sheets></workbook>'
  );
}

function workbookRels(sheetCount: number, shared: boolean): string {
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
  let s =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">';
  for (let i = 0; i < sheetCount; i++) {
    s += `<Relationship Id="rId${i + 1}" Type="${R}worksheet" Target="worksheets/sheet${i + 1}.xml"/>`;
  }
  s += `<Relationship Id="rId${sheetCount + 1}" Type="${R}styles" Target="styles.xml"/>`;
  if (shared)
    s += `<Relationship Id="rId${sheetCount + 2}" Type="${R}sharedStrings" Target="sharedStrings.xml"/>`;
  return s + '</Relationships>';
}

class SharedStrings {
  readonly index = new Map<string, number>();
  readonly list: string[] = [];
  count = 0;
  id(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }
}

/**
 * Writes a real .xlsx (OOXML) streaming the worksheet XML through fflate, so a million-row workbook never
 * exists as one string. Used by the sample generator, the benchmarks and the reader tests.
 */
export function writeXlsx(
  path: string,
  sheets: SheetSource[],
  options: XlsxWriteOptions = {},
): { bytes: number } {
  const shared = (options.strings ?? 'shared') === 'shared';
  const level = options.level ?? 6;
  const fd = openSync(path, 'w');
  let bytes = 0;
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) {
      failure = err;
      return;
    }
    writeSync(fd, chunk);
    bytes += chunk.length;
  });
  const entry = (name: string): ZipPassThrough | ZipDeflate => {
    // A fixed timestamp keeps the output byte-for-byte reproducible (the committed sample, benches).
    const f = level === 0 ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
    f.mtime = FIXED_MTIME;
    return f;
  };
  const addText = (name: string, text: string): void => {
    const f = entry(name);
    zip.add(f);
    f.push(enc.encode(text), true);
  };
  const sst = new SharedStrings();
  const writeSst = (): void => {
    let xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sst.count}" uniqueCount="${sst.list.length}">`;
    for (const s of sst.list) xml += `<si>${textElement(s)}</si>`;
    addText('xl/sharedStrings.xml', xml + '</sst>');
  };
  try {
    addText('[Content_Types].xml', CONTENT_TYPES(sheets.length, shared));
    addText('_rels/.rels', ROOT_RELS);
    addText('docProps/app.xml', APP_XML);
    addText(
      'xl/workbook.xml',
      workbookXml(
        sheets.map((s) => s.name),
        options.date1904 === true,
      ),
    );
    addText('xl/_rels/workbook.xml.rels', workbookRels(sheets.length, shared));
    addText('xl/styles.xml', STYLES);
    if (shared && options.sharedStringsFirst) {
      for (const sheet of sheets) {
        for (const row of sheet.rows()) for (const c of row) if (typeof c === 'string') sst.id(c);
      }
      writeSst();
      sst.count = 0;
    }
    sheets.forEach((sheet, i) => {
      const f = entry(`xl/worksheets/sheet${i + 1}.xml`);
      zip.add(f);
      let buf =
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>';
      let r = 0;
      const letters: string[] = [];
      for (const row of sheet.rows()) {
        r++;
        buf += `<row r="${r}">`;
        for (let c = 0; c < row.length; c++) {
          const v = row[c];
          if (v === null || v === undefined) continue;
          const ref = (letters[c] ??= columnLetters(c)) + r;
          if (typeof v === 'string') {
            buf += shared
              ? `<c r="${ref}" t="s"><v>${sst.id(v)}</v></c>`
              : `<c r="${ref}" t="inlineStr"><is>${textElement(v)}</is></c>`;
          } else if (typeof v === 'number') {
            buf += `<c r="${ref}"><v>${v}</v></c>`;
          } else if (typeof v === 'boolean') {
            buf += `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
          } else if (v instanceof ExcelDate) {
            buf += `<c r="${ref}" s="${DATE_STYLE}"><v>${v.serial}</v></c>`;
          }
        }
        buf += '</row>';
        if (buf.length > 1 << 16) {
          f.push(enc.encode(buf));
          buf = '';
        }
      }
      f.push(enc.encode(buf + '</sheetData></worksheet>'), true);
    });
    if (shared && !options.sharedStringsFirst) writeSst();
    zip.end();
  } finally {
    closeSync(fd);
  }
  if (failure) throw failure;
  return { bytes };
}
