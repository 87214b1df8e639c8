import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** The parts of a minimal workbook around hand-written sheet XML (for reader edge cases). */
export function minimalParts(sheetData: string, extra: { sst?: string; date1904?: boolean } = {}): Zippable {
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return {
    '[Content_Types].xml': strToU8(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    '_rels/.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="${NS}" xmlns:r="${R}">${extra.date1904 ? '<workbookPr date1904="true"/>' : ''}<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/>` +
        (extra.sst ? `<Relationship Id="rId2" Type="${R}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        '</Relationships>',
    ),
    ...(extra.sst ? { 'xl/sharedStrings.xml': strToU8(`<sst xmlns="${NS}">${extra.sst}</sst>`) } : {}),
    'xl/worksheets/sheet1.xml': strToU8(
      `<worksheet xmlns="${NS}"><sheetData>${sheetData}</sheetData></worksheet>`,
    ),
  };
}

export function writeZip(path: string, parts: Zippable, level: 0 | 6 | 9 = 6): Buffer {
  const bytes = Buffer.from(zipSync(parts, { level }));
  writeFileSync(path, bytes);
  return bytes;
}

/** Offsets of the central-directory record of `name` in a zip (to forge declared sizes or flags). */
export function centralRecordOffset(zip: Buffer, name: string): number {
  for (let p = zip.length - 22; p >= 0; p--) {
    if (zip.readUInt32LE(p) !== 0x02014b50) continue;
    const len = zip.readUInt16LE(p + 28);
    if (zip.toString('utf8', p + 46, p + 46 + len) === name) return p;
  }
  throw new Error(`no central record for ${name}`);
}
