/**
 * Deterministic, realistic sales workbook for the demo lakehouse, tests and benchmarks.
 *
 *   npm run sample -- [--rows N] [--out FILE] [--seed S]
 *
 * Default: ~50,000 lines over 2024-2025 into resources/sample/sales_orders_fact.xlsx. A few percent of the
 * rows are dirty in every way the contract's rules catch (docs/data-contract.md), so the sample exercises
 * every rule.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExcelDate, type Cell } from '../src/main/ingest/xlsx/cell';
import { writeXlsx } from '../src/main/ingest/xlsx/xlsx-writer';

export const SAMPLE_HEADER = [
  'Order ID',
  'Line Number',
  'Order Date',
  'Ship Date',
  'Customer ID',
  'Customer Name',
  'Region',
  'Country',
  'Product ID',
  'Product Name',
  'Category',
  'Channel',
  'Quantity',
  'Unit Price',
  'Discount',
  'Unit Cost',
  'Sales Rep',
  'Notes',
] as const;

const COL = Object.fromEntries(SAMPLE_HEADER.map((h, i) => [h, i])) as Record<
  (typeof SAMPLE_HEADER)[number],
  number
>;

const REGIONS: Record<string, string[]> = {
  'North America': ['United States', 'Canada', 'Mexico'],
  EMEA: [
    'Germany',
    'France',
    'United Kingdom',
    'Spain',
    'Italy',
    'Netherlands',
    'Sweden',
    'South Africa',
    'Türkiye',
  ],
  APAC: ['Japan', 'Australia', 'India', 'Singapore', 'South Korea', 'New Zealand'],
  LATAM: ['Brazil', 'Argentina', 'Chile', 'Colombia', 'Peru'],
};
const REGION_WEIGHTS: [string, number][] = [
  ['North America', 0.38],
  ['EMEA', 0.32],
  ['APAC', 0.2],
  ['LATAM', 0.1],
];

const CATALOG: Record<string, [string, number][]> = {
  Electronics: [
    ['Noise-Cancelling Headphones', 249],
    ['4K Monitor 27"', 399],
    ['Wireless Mouse', 29.99],
    ['Mechanical Keyboard', 119],
    ['USB-C Dock', 189],
    ['Webcam HD', 79.5],
    ['Laptop 14" Pro', 1499],
    ['Tablet 11"', 649],
    ['Portable SSD 1TB', 139],
    ['Smart Speaker', 99],
  ],
  Furniture: [
    ['Ergonomic Chair', 459],
    ['Standing Desk', 699],
    ['Monitor Arm', 89],
    ['Filing Cabinet', 219],
    ['Bookshelf Oak', 259],
    ['Conference Table', 1890],
    ['Desk Lamp LED', 45],
  ],
  'Office Supplies': [
    ['Printer Paper A4 (5 reams)', 24.99],
    ['Gel Pens (12-pack)', 11.49],
    ['Sticky Notes Mega Pack', 14.75],
    ['Stapler Heavy Duty', 32],
    ['Whiteboard Markers', 9.99],
    ['Notebook Hardcover', 7.5],
    ['Label Maker', 59],
  ],
  Software: [
    ['Office Suite Annual', 129],
    ['Antivirus 5-Seat', 89.95],
    ['Design Studio License', 599],
    ['Cloud Backup 1TB/yr', 99],
    ['Project Planner Pro', 249],
  ],
  Apparel: [
    ['Company Hoodie', 49],
    ['Rain Jacket', 119],
    ['Polo Shirt', 34.5],
    ['Running Shoes', 129.99],
    ['Baseball Cap', 19.99],
  ],
};
const COST_RATIO: Record<string, number> = {
  Electronics: 0.68,
  Furniture: 0.55,
  'Office Supplies': 0.45,
  Software: 0.2,
  Apparel: 0.4,
};
const CHANNELS: [string, number][] = [
  ['Online', 0.5],
  ['Retail', 0.3],
  ['Partner', 0.2],
];
const NAME_A = [
  'Blue',
  'North',
  'Summit',
  'Bright',
  'Iron',
  'Silver',
  'Green',
  'Rapid',
  'Atlas',
  'Nova',
  'Crest',
  'Harbor',
  'Pioneer',
  'Zenith',
  'Cedar',
  'Müller',
  'Sakura',
  'Andes',
  'Aurora',
  'Orbit',
];
const NAME_B = [
  'Logistics',
  'Foods',
  'Systems',
  'Retail',
  'Partners',
  'Labs',
  'Holdings',
  'Media',
  'Works',
  'Traders',
  'Health',
  'Energy',
  'Studio',
  'Supply',
  'Consulting',
];
const NAME_C = ['Inc.', 'Ltd', 'GmbH', 'S.A.', 'LLC', 'Pty Ltd', 'K.K.', 'B.V.', 'AB', 'Co.'];
const REPS = [
  'A. Jensen',
  'B. Okafor',
  'C. Tanaka',
  'D. Silva',
  'E. Novak',
  'F. Haddad',
  'G. Rossi',
  'H. Kim',
  'I. Dubois',
  'J. Smith',
];

/** mulberry32: small, fast, deterministic; Math.random would make the sample differ on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MS_DAY = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const START = Date.UTC(2024, 0, 1);
const DAYS = 731; // 2024-01-01 .. 2025-12-31
const serialOf = (ms: number): number => Math.round((ms - EXCEL_EPOCH) / MS_DAY);
const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface GenerateOptions {
  rows: number;
  seed: number;
}

interface Customer {
  id: string;
  name: string;
  region: string;
  country: string;
}

/** Yields the header, then data rows (lines), deterministic for a seed. */
export function* generateSalesRows({ rows, seed }: GenerateOptions): Generator<Cell[]> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const weighted = (xs: readonly [string, number][]): string => {
    let r = rnd();
    for (const [v, w] of xs) {
      if ((r -= w) < 0) return v;
    }
    return (xs[xs.length - 1] as [string, number])[0];
  };
  const customers: Customer[] = [];
  for (let i = 1; i <= 2500; i++) {
    const region = weighted(REGION_WEIGHTS);
    customers.push({
      id: `C${String(i).padStart(5, '0')}`,
      name: `${pick(NAME_A)} ${pick(NAME_B)} ${pick(NAME_C)}`,
      region,
      country: pick(REGIONS[region] as string[]),
    });
  }
  const products: { id: string; name: string; category: string; price: number }[] = [];
  let pid = 1;
  for (const [category, items] of Object.entries(CATALOG)) {
    for (const [name, price] of items)
      products.push({ id: `P-${String(pid++).padStart(4, '0')}`, name, category, price });
  }

  yield [...SAMPLE_HEADER];
  const avgLines = 2.5;
  const orders = Math.ceil(rows / avgLines);
  let emitted = 0;
  let orderNo = 100_000;
  const recent: Cell[][] = [];
  for (let o = 0; o < orders * 2 && emitted < rows; o++) {
    // Orders are spread over the two years with a Q4 peak, in date order like a real export.
    const progress = o / orders;
    const day = Math.min(DAYS - 1, Math.floor(progress * DAYS + rnd() * 3));
    const orderMs = START + day * MS_DAY;
    const customer = pick(customers);
    const channel = weighted(CHANNELS);
    const rep = pick(REPS);
    const lines = 1 + Math.floor(rnd() * rnd() * 6);
    orderNo++;
    for (let line = 1; line <= lines && emitted < rows; line++) {
      const product = pick(products);
      const q = 1 + Math.floor(rnd() * rnd() * 20);
      const price = Math.round(product.price * (0.95 + rnd() * 0.1) * 100) / 100;
      const r = rnd();
      const discount = r < 0.6 ? 0 : r < 0.8 ? 0.05 : r < 0.92 ? 0.1 : r < 0.97 ? 0.15 : 0.2;
      const cost =
        Math.round(price * (COST_RATIO[product.category] as number) * (0.9 + rnd() * 0.2) * 100) / 100;
      const shipMs = orderMs + Math.floor(rnd() * 8) * MS_DAY;
      const row: Cell[] = new Array(SAMPLE_HEADER.length).fill(null);
      row[COL['Order ID']] = `SO-${orderNo}`;
      row[COL['Line Number']] = line;
      row[COL['Order Date']] = new ExcelDate(serialOf(orderMs));
      row[COL['Ship Date']] = new ExcelDate(serialOf(shipMs));
      row[COL['Customer ID']] = customer.id;
      row[COL['Customer Name']] = customer.name;
      row[COL.Region] = customer.region;
      row[COL.Country] = customer.country;
      row[COL['Product ID']] = product.id;
      row[COL['Product Name']] = product.name;
      row[COL.Category] = product.category;
      row[COL.Channel] = channel;
      row[COL.Quantity] = q;
      row[COL['Unit Price']] = price;
      row[COL.Discount] = discount;
      row[COL['Unit Cost']] = rnd() < 0.05 ? null : cost;
      row[COL['Sales Rep']] = rep;
      // Legitimate variety: the contract accepts all of these.
      const v = rnd();
      if (v < 0.01) row[COL['Order Date']] = isoOf(orderMs);
      else if (v < 0.02) row[COL['Order Date']] = serialOf(orderMs);
      else if (v < 0.025) row[COL['Order Date']] = `${isoOf(orderMs)}T09:30:00`;
      if (rnd() < 0.02 && discount > 0) row[COL.Discount] = `${Math.round(discount * 100)}%`;
      if (rnd() < 0.01 && price >= 1000)
        row[COL['Unit Price']] = price.toLocaleString('en-US', { minimumFractionDigits: 2 });
      if (rnd() < 0.01) row[COL.Quantity] = String(q);
      if (rnd() < 0.02) row[COL['Line Number']] = null; // derived from position
      if (rnd() < 0.004)
        row[COL.Notes] = pick([
          '=HYPERLINK("http://example.com")',
          '-rush order',
          'Gift wrap, "fragile"',
          '+1 spare',
          '@ops check',
          'Multi-line\nnote',
        ]);
      dirty(row, rnd, orderMs);
      yield row;
      emitted++;
      recent.push(row);
      if (recent.length > 50) recent.shift();
      if (rnd() < 0.005 && emitted < rows) {
        yield [...(pick(recent) as Cell[])];
        emitted++;
      }
      if (rnd() < 0.001) yield new Array(SAMPLE_HEADER.length).fill(null); // blank row: skipped
    }
  }
}

/** Breaks a few percent of rows, each way the contract's rules detect. */
function dirty(row: Cell[], rnd: () => number, orderMs: number): void {
  const r = rnd();
  if (r > 0.035) return;
  const k = Math.floor((r / 0.035) * 12);
  switch (k) {
    case 0:
      row[
        COL[
          (['Customer ID', 'Region', 'Product ID', 'Category', 'Order Date'] as const)[
            Math.floor(rnd() * 5)
          ] as 'Region'
        ]
      ] = null;
      break;
    case 1:
      row[COL.Quantity] = rnd() < 0.5 ? null : '  ';
      break;
    case 2:
      row[COL['Order Date']] = (['31/02/2024', 'n/a', '2024-13-01', 'yesterday'] as const)[
        Math.floor(rnd() * 4)
      ] as string;
      break;
    case 3:
      row[COL['Unit Price']] = (['12.3.4', 'abc', '1,23,4.00', 'USD 12'] as const)[
        Math.floor(rnd() * 4)
      ] as string;
      break;
    case 4:
      row[COL.Quantity] = ([2.5, 0, -3, 'three'] as const)[Math.floor(rnd() * 4)] as number;
      break;
    case 5:
      row[COL['Unit Price']] = -Math.abs(row[COL['Unit Price']] as number) || -1;
      break;
    case 6:
      row[COL.Discount] = ([1.2, '120%', -0.1, 1] as const)[Math.floor(rnd() * 4)] as number;
      break;
    case 7:
      row[COL['Unit Cost']] = -12.5;
      break;
    case 8:
    case 9:
      row[COL['Ship Date']] = new ExcelDate(serialOf(orderMs - (1 + Math.floor(rnd() * 5)) * MS_DAY));
      break;
    case 10:
      row[COL['Line Number']] = rnd() < 0.5 ? 'first' : 1.5;
      break;
    default:
      row[COL['Ship Date']] = 'TBD';
  }
}

export function writeSampleWorkbook(out: string, options: GenerateOptions): { bytes: number } {
  mkdirSync(dirname(out), { recursive: true });
  return writeXlsx(out, [{ name: 'sales_orders_fact', rows: () => generateSalesRows(options) }], {
    strings: 'shared',
  });
}

export const DEFAULT_SAMPLE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../resources/sample/sales_orders_fact.xlsx',
);

function main(argv: string[]): void {
  const opts = { rows: 50_000, seed: 20240101, out: DEFAULT_SAMPLE };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--rows' && v) opts.rows = Number(v);
    else if (a === '--seed' && v) opts.seed = Number(v);
    else if (a === '--out' && v) opts.out = resolve(v);
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run sample -- [--rows N] [--out FILE] [--seed S]');
      return;
    } else {
      console.error(`Unknown argument ${a}. Usage: npm run sample -- [--rows N] [--out FILE] [--seed S]`);
      process.exitCode = 2;
      return;
    }
    i++;
  }
  if (!Number.isInteger(opts.rows) || opts.rows < 1 || !Number.isInteger(opts.seed)) {
    console.error('--rows and --seed must be whole numbers (rows >= 1).');
    process.exitCode = 2;
    return;
  }
  const t0 = performance.now();
  const { bytes } = writeSampleWorkbook(opts.out, opts);
  console.log(
    `Wrote ${opts.out}: ${opts.rows} lines, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${Math.round(performance.now() - t0)} ms`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  main(process.argv.slice(2));
