import type { HeaderColumn } from './header-map';

/** One valid row after cleaning, in contract types (dates as days since 1970-01-01). */
export interface CleanedRow {
  order_id: string;
  line_number: number;
  order_date: number;
  ship_date: number | null;
  customer_id: string;
  customer_name: string | null;
  region: string;
  country: string | null;
  product_id: string;
  product_name: string | null;
  category: string;
  channel: string | null;
  quantity: number;
  unit_price: number;
  discount: number;
  unit_cost: number | null;
  net_revenue: number;
  extras: (string | null)[];
}

export const TEXT_COLUMNS = [
  'order_id',
  'customer_id',
  'customer_name',
  'region',
  'country',
  'product_id',
  'product_name',
  'category',
  'channel',
] as const;
export const INT_COLUMNS = ['line_number', 'quantity'] as const;
export const DATE_COLUMNS = ['order_date', 'ship_date'] as const;
export const FLOAT_COLUMNS = ['unit_price', 'discount', 'unit_cost', 'net_revenue'] as const;

/** The valid rows, column by column (what parquet and CSV are written from). */
export class CleanedTable {
  readonly rows: CleanedRow[] = [];
  constructor(readonly extraColumns: readonly HeaderColumn[]) {}
  push(row: CleanedRow): void {
    this.rows.push(row);
  }
  get length(): number {
    return this.rows.length;
  }
}
