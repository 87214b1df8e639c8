/** Formula injection (OWASP): text a spreadsheet would run as a formula gets a leading apostrophe. */
export function neutraliseFormula(s: string): string {
  const c = s.charCodeAt(0);
  // = + - @ TAB CR
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? "'" + s : s;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling the quotes. */
export function quoteCsv(s: string): string {
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function csvText(s: string | null): string {
  return s === null ? '' : quoteCsv(neutraliseFormula(s));
}

export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';
