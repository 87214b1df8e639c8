// A strict reader for the contract's CSV (UTF-8 BOM, CRLF after every record, RFC 4180 quoting), used to
// compare sales_cleaned.csv files field by field. It rejects what the contract forbids instead of guessing.

export interface ParsedCsv {
  header: string[];
  rows: string[][];
}

export function parseContractCsv(text: string): ParsedCsv {
  if (!text.startsWith('\uFEFF')) throw new Error('CSV does not start with a UTF-8 byte-order mark');
  const body = text.slice(1);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let atFieldStart = true;
  while (i < body.length) {
    const ch = body[i];
    if (atFieldStart && ch === '"') {
      i += 1;
      for (;;) {
        if (i >= body.length) throw new Error('CSV ends inside a quoted field');
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += body[i];
        i += 1;
      }
      atFieldStart = false;
      const next = body[i];
      if (next !== ',' && next !== '\r' && next !== undefined) {
        throw new Error(`CSV has text after a closing quote at offset ${i}`);
      }
      continue;
    }
    if (ch === ',') {
      record.push(field);
      field = '';
      atFieldStart = true;
      i += 1;
    } else if (ch === '\r') {
      if (body[i + 1] !== '\n') throw new Error(`CSV has a bare CR at offset ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      atFieldStart = true;
      i += 2;
    } else if (ch === '\n') {
      throw new Error(`CSV has a bare LF (not CRLF) outside quotes at offset ${i}`);
    } else if (ch === '"') {
      throw new Error(`CSV has a quote inside an unquoted field at offset ${i}`);
    } else {
      field += ch;
      atFieldStart = false;
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('CSV does not end with CRLF after its last record');
  const [header, ...rows] = records;
  if (!header) throw new Error('CSV has no header row');
  for (const [n, row] of rows.entries()) {
    if (row.length !== header.length) {
      throw new Error(`CSV record ${n + 2} has ${row.length} fields, the header has ${header.length}`);
    }
  }
  return { header, rows };
}
