import type { AppErrorData } from '../../../../shared/contract/errors';

const NOT_XLSX_HINT = 'Save the data in Excel as "Excel Workbook (.xlsx)" and upload that file.';

/** What a file that claims to be a workbook really is, from its first bytes. */
function describeHead(head: Uint8Array): string | null {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return null;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'a PNG image';
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'a PDF document';
  if (b(0) === 0xd0 && b(1) === 0xcf && b(2) === 0x11 && b(3) === 0xe0)
    return 'an old .xls or password-protected workbook';
  if (head.length === 0) return 'empty';
  if (head.every((x) => x === 9 || x === 10 || x === 13 || (x >= 32 && x !== 127))) return 'plain text';
  return 'not a zip package';
}

/**
 * Checks a picked or dropped file before any byte is sent: an .xlsx name, within the size limit, and
 * starting like a zip package (which every .xlsx is). Main checks the same again.
 */
export function checkWorkbookFile(
  file: { name: string; size: number },
  head: Uint8Array,
  maxBytes: number,
): AppErrorData | null {
  if (!/\.xlsx$/i.test(file.name)) {
    return {
      code: 'VALIDATION',
      message: `${file.name} is not an Excel workbook (.xlsx).`,
      hint: NOT_XLSX_HINT,
    };
  }
  if (file.size === 0) {
    return { code: 'VALIDATION', message: `${file.name} is empty.`, hint: 'Pick the saved workbook.' };
  }
  if (file.size > maxBytes) {
    return {
      code: 'VALIDATION',
      message: `${file.name} is ${formatBytes(file.size)}; workbooks up to ${formatBytes(maxBytes)} can be uploaded.`,
      hint: 'Split the data into smaller workbooks.',
    };
  }
  const what = describeHead(head);
  if (what !== null) {
    return {
      code: 'INPUT_INVALID',
      message: `${file.name} is named .xlsx but is ${what}, not an Excel workbook.`,
      hint: NOT_XLSX_HINT,
    };
  }
  return null;
}

/** Base64 of a chunk, in slices so a large chunk does not overflow the argument list. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** "812 B", "54 KB", "3.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
