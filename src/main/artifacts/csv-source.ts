import { CLEANED_COLUMNS } from '../../shared/artifacts';
import { AppError } from '../../shared/contract/errors';
import { DATE_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS } from '../ingest/cleaned-table';
import { isoToDay, numericColumnOf, textColumnOf, type Column, type ColumnSet } from './columns';

// The fallback when a run has no readable parquet: sales_cleaned.csv as written by the engine and the
// notebook (UTF-8 with BOM, CRLF, RFC 4180 quoting, formula-neutralising ' prefix on text).

const NEUTRALISED = /^'[=+\-@\t\r]/;

/** RFC 4180 records; a quote inside an unquoted field is kept as text (lenient like Excel). */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) {
    throw new AppError(
      'INPUT_INVALID',
      'The cleaned data (sales_cleaned.csv) ends inside a quoted field: the file is truncated.',
      'Download the run again.',
    );
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const DATES = new Set<string>(DATE_COLUMNS);
const INTS = new Set<string>(INT_COLUMNS);
const FLOATS = new Set<string>(FLOAT_COLUMNS);
const CONTRACT = new Set<string>(CLEANED_COLUMNS);

export function csvColumns(text: string): ColumnSet {
  const records = parseCsvRecords(text);
  const header = records[0];
  if (!header || header.length === 0 || header[0] !== 'order_id') {
    throw new AppError(
      'INPUT_INVALID',
      'The cleaned data (sales_cleaned.csv) does not start with the contract header (order_id, ...).',
      'The file is not a cleaned-data CSV of this pipeline; download the run again.',
    );
  }
  const body = records.slice(1);
  const bad = body.findIndex((r) => r.length !== header.length);
  if (bad >= 0) {
    throw new AppError(
      'INPUT_INVALID',
      `The cleaned data (sales_cleaned.csv) line ${bad + 2} has ${body[bad]?.length} fields, the header ${header.length}.`,
      'The file is damaged; download the run again.',
    );
  }
  const columns: Column[] = header.map((name, c) => {
    const raw = body.map((r) => r[c] as string);
    if (CONTRACT.has(name) && (DATES.has(name) || INTS.has(name) || FLOATS.has(name))) {
      const type = DATES.has(name) ? 'date' : INTS.has(name) ? 'integer' : 'number';
      const values = raw.map((v, r) => {
        if (v === '') return null;
        const n = type === 'date' ? isoToDay(v) : Number(v);
        if (n === null || !Number.isFinite(n)) {
          throw new AppError(
            'INPUT_INVALID',
            `The cleaned data (sales_cleaned.csv) line ${r + 2} has "${v.slice(0, 40)}" in ${name}, which is not a ${type}.`,
            'The file is damaged; download the run again.',
          );
        }
        return n;
      });
      return numericColumnOf(name, type, values);
    }
    return textColumnOf(
      name,
      raw.map((v) => (v === '' ? null : NEUTRALISED.test(v) ? v.slice(1) : v)),
    );
  });
  return { length: body.length, columns };
}
