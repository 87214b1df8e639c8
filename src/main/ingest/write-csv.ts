import { open } from 'node:fs/promises';
import { CLEANED_COLUMNS } from '../../shared/artifacts';
import type { CleanedRow, CleanedTable } from './cleaned-table';
import { CSV_BOM, CSV_EOL, csvText } from './csv';
import { formatDay, formatNumber } from './values';

const num = (x: number | null): string => (x === null ? '' : formatNumber(x));
const day = (x: number | null): string => (x === null ? '' : formatDay(x));

export function csvLine(r: CleanedRow): string {
  let s =
    csvText(r.order_id) +
    ',' +
    num(r.line_number) +
    ',' +
    day(r.order_date) +
    ',' +
    day(r.ship_date) +
    ',' +
    csvText(r.customer_id) +
    ',' +
    csvText(r.customer_name) +
    ',' +
    csvText(r.region) +
    ',' +
    csvText(r.country) +
    ',' +
    csvText(r.product_id) +
    ',' +
    csvText(r.product_name) +
    ',' +
    csvText(r.category) +
    ',' +
    csvText(r.channel) +
    ',' +
    num(r.quantity) +
    ',' +
    num(r.unit_price) +
    ',' +
    num(r.discount) +
    ',' +
    num(r.unit_cost) +
    ',' +
    num(r.net_revenue);
  for (const e of r.extras) s += ',' + csvText(e);
  return s + CSV_EOL;
}

export function csvHeader(table: CleanedTable): string {
  return (
    [...CLEANED_COLUMNS, ...table.extraColumns.map((c) => c.outputName)].map(csvText).join(',') + CSV_EOL
  );
}

/** Writes sales_cleaned.csv per the contract: BOM, CRLF, RFC 4180 quoting, formula injection neutralised. */
export async function writeCleanedCsv(path: string, table: CleanedTable): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let buf = CSV_BOM + csvHeader(table);
    for (const r of table.rows) {
      buf += csvLine(r);
      if (buf.length > 1 << 20) {
        await fh.write(buf);
        buf = '';
      }
    }
    await fh.write(buf);
  } finally {
    await fh.close();
  }
}
