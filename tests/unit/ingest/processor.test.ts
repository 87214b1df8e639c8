import { describe, expect, it } from 'vitest';
import { ImportProfileSchema, KpisSchema } from '../../../src/shared/artifacts';
import { ContractProcessor } from '../../../src/main/ingest/contract-processor';
import { mapHeader, missingColumnsMessage } from '../../../src/main/ingest/header-map';
import { ExcelDate, type Cell } from '../../../src/main/ingest/xlsx/cell';

const HEADER = [
  'Order ID',
  'Order Date',
  'Customer-ID',
  'REGION',
  'product_id',
  'Category',
  'Quantity',
  'Unit Price',
  'Discount',
  'Unit Cost',
  'Ship Date',
  'Line Number',
  'Notes',
];
const D = (serial: number): ExcelDate => new ExcelDate(serial);

function run(rows: Cell[][], header: Cell[] = HEADER): ContractProcessor {
  const p = new ContractProcessor(mapHeader(header, false), { date1904: false, collectCleaned: true });
  rows.forEach((cells, i) => p.push({ row: i + 2, cells }));
  return p;
}

const good = (over: Partial<Record<string, Cell>> = {}): Cell[] => {
  const base: Record<string, Cell> = {
    'Order ID': 'O1',
    'Order Date': D(45292),
    'Customer-ID': 'C1',
    REGION: 'EMEA',
    product_id: 'P1',
    Category: 'Tools',
    Quantity: 2,
    'Unit Price': 10,
    Discount: null,
    'Unit Cost': 4,
    'Ship Date': D(45293),
    'Line Number': null,
    Notes: null,
  };
  const merged = { ...base, ...over };
  return HEADER.map((h) => merged[h] ?? null);
};

describe('header mapping', () => {
  it('maps variants, keeps the first of two equivalent headers and reports missing columns in contract order', () => {
    const h = mapHeader(['ORDER ID', 'order-id', 'Unit Price', 'Misc', null, '  '], false);
    expect(h.columns.map((c) => c.canonical)).toEqual(['order_id', null, 'unit_price', null]);
    expect(h.extras.map((c) => c.name)).toEqual(['order-id', 'Misc']);
    expect(h.duplicateHeaders).toEqual(['order-id']);
    expect(
      mapHeader(['order_id', 'net_revenue', 'order_id', 'x', 'x'], false).extras.map((c) => c.outputName),
    ).toEqual(['net_revenue_2', 'order_id_2', 'x', 'x_2']);
    expect(missingColumnsMessage(h.missingRequired)).toBe(
      'Missing required column(s): order_date, customer_id, region, product_id, category, quantity',
    );
  });
});

describe('contract processing', () => {
  it('derives line numbers by position and removes repeated keys, keeping the first', () => {
    const p = run([
      good(),
      good({ Quantity: 3 }),
      good(),
      good({ 'Line Number': 2 }),
      good({ 'Line Number': 1 }),
    ]);
    // rows 1..3 of O1 get line numbers 1, 2, 3; explicit 2 and 1 repeat earlier keys
    expect(p.counts()).toEqual({ rows_in: 5, duplicates_removed: 2, rows_rejected: 0, rows_valid: 3 });
    expect(p.cleaned.rows.map((r) => r.line_number)).toEqual([1, 2, 3]);
    const dup = p.profile('s').rules.find((r) => r.id === 'duplicate_key');
    expect(dup).toMatchObject({ count: 2, example_rows: [5, 6], severity: 'warning' });
  });

  it('skips blank rows without counting them', () => {
    const p = run([good(), [null, '  ', null], []]);
    expect(p.rowsIn).toBe(1);
  });

  it('applies every error rule, counting a row once in rows_rejected and once per rule', () => {
    const p = run([
      good({ 'Customer-ID': null }), // required_missing
      good({ 'Order Date': 'yesterday' }), // unparseable_value
      good({ Quantity: 2.5 }), // quantity (also 2^53 below)
      good({ Quantity: 0, 'Unit Price': -1 }), // quantity + price
      good({ Discount: '120%' }), // discount
      good({ Discount: 1 }), // discount: [0, 1)
      good({ 'Unit Cost': -0.01 }), // cost
      good({ 'Line Number': 1.5, Quantity: 'three' }), // unparseable (line and quantity) once
      good({ 'Ship Date': D(45291) }), // warning only: stays valid
      good({ 'Order ID': 'O2', Discount: '15%', Quantity: '1,000', 'Unit Price': '2.50' }),
    ]);
    const profile = ImportProfileSchema.parse(p.profile('sheet'));
    const byId = Object.fromEntries(profile.rules.map((r) => [r.id, r.count]));
    expect(byId).toEqual({
      duplicate_key: 0,
      required_missing: 1,
      unparseable_value: 2,
      quantity_not_positive_integer: 2,
      unit_price_negative: 1,
      discount_out_of_range: 2,
      unit_cost_negative: 1,
      ship_before_order: 1,
    });
    expect(profile.rows_rejected).toBe(8);
    expect(profile.rows_valid).toBe(2);
    expect(profile.rejected_rows[3]).toEqual({
      row: 5,
      reasons: ['quantity_not_positive_integer', 'unit_price_negative'],
    });
    expect(profile.rows_in).toBe(profile.rows_valid + profile.rows_rejected + profile.duplicates_removed);
    const o2 = p.cleaned.rows.find((r) => r.order_id === 'O2');
    expect(o2).toMatchObject({
      quantity: 1000,
      unit_price: 2.5,
      discount: 0.15,
      net_revenue: 1000 * 2.5 * (1 - 0.15),
    });
    expect(profile.warnings.join(' ')).toMatch(/ship_date earlier than order_date/);
  });

  it('profiles inferred types and null counts per column', () => {
    const p = run([
      good({ Notes: 'x', Quantity: 2 }),
      good({ Notes: 3, Quantity: 2.5, 'Unit Cost': null }),
      good({ Notes: true }),
    ]);
    const cols = Object.fromEntries(p.profile('s').columns.map((c) => [c.name, c]));
    expect(cols['Order Date']?.inferred_type).toBe('date');
    expect(cols['Quantity']?.inferred_type).toBe('number');
    expect(cols['Unit Cost']).toMatchObject({
      inferred_type: 'integer',
      null_count: 1,
      canonical: 'unit_cost',
    });
    expect(cols['Notes']).toMatchObject({ inferred_type: 'mixed', canonical: null, required: false });
    expect(cols['Line Number']?.inferred_type).toBe('empty');
    expect(cols['Customer-ID']).toMatchObject({ canonical: 'customer_id', required: true });
  });

  it('computes KPIs over valid rows only', () => {
    const p = run([
      good(),
      good({ 'Order ID': 'O2', Quantity: 1, 'Unit Price': 5.5, Discount: 0.1 }),
      good({ Quantity: -1 }),
    ]);
    const k = KpisSchema.parse(p.kpis.result('r', p.counts()));
    expect(k.total_revenue).toBe(24.95);
    expect(k.order_count).toBe(2);
    expect(k.units_sold).toBe(3);
    expect(k.first_order_date).toBe('2024-01-01');
  });
});
