import type { FileHandle } from 'node:fs/promises';
import { formatBytes, inputInvalid, type XlsxLimits } from './limits';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate */
  method: number;
  flags: number;
  compressedSize: number;
  /** as declared by the writer; only a hint, never trusted for limits */
  declaredSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const NOT_XLSX_HINT = 'Choose an Excel workbook saved as .xlsx (Excel Workbook format).';

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** Recognises the formats people most often rename to .xlsx, so the message can say what the file really is. */
export function describeNonZip(head: Buffer): { message: string; hint: string } {
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
    return {
      message: 'The workbook is password-protected (or is an old .xls file), so it cannot be read.',
      hint: 'Open it in Excel and save it as .xlsx without a password.',
    };
  }
  if (head.length >= 4 && head.readUInt32BE(0) === 0x89504e47) {
    return { message: 'The file is a PNG image, not an Excel workbook.', hint: NOT_XLSX_HINT };
  }
  if (head.length >= 4 && head.subarray(0, 4).toString('latin1') === '%PDF') {
    return { message: 'The file is a PDF document, not an Excel workbook.', hint: NOT_XLSX_HINT };
  }
  const text = head.toString('utf8');
  if (head.length > 0 && !text.includes('\uFFFD') && !head.includes(0)) {
    return {
      message: 'The file is plain text (for example CSV), not an Excel workbook.',
      hint: 'Open it in Excel and save it as .xlsx.',
    };
  }
  return { message: 'The file is not an Excel workbook (it is not a zip package).', hint: NOT_XLSX_HINT };
}

/** Reads the central directory: entry names, sizes and offsets, without inflating anything. */
export async function readZipDirectory(
  fh: FileHandle,
  fileSize: number,
  limits: XlsxLimits,
): Promise<ZipEntry[]> {
  const head = await readAt(fh, 0, Math.min(fileSize, 512));
  if (head.length < 4 || head.readUInt32LE(0) !== LOC_SIG) {
    const d = describeNonZip(head);
    throw inputInvalid(d.message, d.hint);
  }
  const tailLen = Math.min(fileSize, 22 + 65_535);
  const tail = await readAt(fh, fileSize - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw inputInvalid(
      'The workbook is damaged: its zip directory is missing (the file may be truncated).',
      'Download or copy the file again, or re-save it in Excel.',
    );
  }
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    throw inputInvalid(
      'The workbook uses the ZIP64 format, which is not supported.',
      'Re-save it in Excel as .xlsx.',
    );
  }
  if (count > limits.maxEntries) {
    throw inputInvalid(
      `The workbook has ${count} zip entries, more than the limit of ${limits.maxEntries}.`,
      'This is not a normal Excel workbook; re-save it in Excel.',
    );
  }
  if (cdOffset + cdSize > fileSize) {
    throw inputInvalid(
      'The workbook is damaged: its zip directory points outside the file.',
      'Re-save it in Excel.',
    );
  }
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CEN_SIG) {
      throw inputInvalid('The workbook is damaged: its zip directory is corrupt.', 'Re-save it in Excel.');
    }
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      declaredSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLen),
    };
    if (entry.compressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      throw inputInvalid(
        'The workbook uses the ZIP64 format, which is not supported.',
        'Re-save it in Excel as .xlsx.',
      );
    }
    if (entry.compressedSize > limits.maxEntryCompressedBytes) {
      throw inputInvalid(
        `The workbook part ${entry.name} is ${formatBytes(entry.compressedSize)} compressed, more than the limit of ${formatBytes(limits.maxEntryCompressedBytes)}.`,
        'Split the data into smaller workbooks or raise the limit in Settings.',
      );
    }
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Where an entry's compressed bytes start (after its local header, whose lengths may differ from the directory's). */
export async function entryDataOffset(fh: FileHandle, entry: ZipEntry): Promise<number> {
  const loc = await readAt(fh, entry.localHeaderOffset, 30);
  if (loc.length < 30 || loc.readUInt32LE(0) !== LOC_SIG) {
    throw inputInvalid(
      `The workbook is damaged: part ${entry.name} cannot be found.`,
      'Re-save it in Excel.',
    );
  }
  return entry.localHeaderOffset + 30 + loc.readUInt16LE(26) + loc.readUInt16LE(28);
}

export { readAt };
