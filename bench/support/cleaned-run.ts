// The data every artifacts/grid bench works on: a parquet of cleaned rows shaped like the sample's (regions,
// countries, 5,000 customers, 300 products, 2 years), written once with the engine's writer and kept in
// $TMPDIR/fabric-portal-bench (never committed), and the JSON artifacts of a finished run around it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CleanedTable } from '../../src/main/ingest/cleaned-table';
import * as parquet from 'parquet-wasm';
import { toParquet } from '../../src/main/ingest/write-parquet';

export const BENCH_DIR = join(tmpdir(), 'fabric-portal-bench');

/** A small deterministic generator, so every bench (and every run of it) sees the same rows. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The path of a parquet of `rows` cleaned rows, generated on first use: as the engine writes it (one row
 * group up to 1Mi rows), or in row groups of `groupRows`.
 */
export function cleanedParquet(rows: number, groupRows?: number): string {
  const path = join(BENCH_DIR, `cleaned-${rows}-g${groupRows ?? 'engine'}.parquet`);
  if (existsSync(path)) return path;
  mkdirSync(BENCH_DIR, { recursive: true });
  const rnd = prng(11);
  const regions = ['North America', 'EMEA', 'APAC', 'LATAM'];
  const countries = ['United States', 'Germany', 'Japan', 'Brazil', 'France', 'India', 'Canada', 'Türkiye'];
  const categories = ['Hardware', 'Software', 'Services', 'Accessories', 'Training', 'Support'];
  const channels = ['Online', 'Partner', 'Direct', 'Retail'];
  const t = new CleanedTable([]);
  const t0 = performance.now();
  for (let i = 0; i < rows; i++) {
    const qty = 1 + Math.floor(rnd() * 20);
    const price = Math.round(rnd() * 200_000) / 100;
    const discount = rnd() < 0.7 ? 0 : Math.round(rnd() * 30) / 100;
    const cust = Math.floor(rnd() * 5000);
    const prod = Math.floor(rnd() * 300);
    const day = 19_723 + Math.floor(rnd() * 730);
    t.push({
      order_id: `SO-${(1_000_000 + Math.floor(i / 3)).toString()}`,
      line_number: (i % 3) + 1,
      order_date: day,
      ship_date: rnd() < 0.1 ? null : day + Math.floor(rnd() * 10),
      customer_id: `C${cust.toString().padStart(5, '0')}`,
      customer_name: `Customer ${cust}`,
      region: regions[cust % 4] as string,
      country: countries[cust % countries.length] as string,
      product_id: `P-${prod.toString().padStart(4, '0')}`,
      product_name: `Product ${prod}`,
      category: categories[prod % categories.length] as string,
      channel: channels[Math.floor(rnd() * 4)] as string,
      quantity: qty,
      unit_price: price,
      discount,
      unit_cost: rnd() < 0.2 ? null : Math.round(price * 60) / 100,
      net_revenue: qty * price * (1 - discount),
      extras: [],
    });
  }
  let bytes = toParquet(t);
  if (groupRows !== undefined) {
    const props = new parquet.WriterPropertiesBuilder()
      .setCompression(parquet.Compression.SNAPPY)
      .setMaxRowGroupSize(groupRows)
      .build();
    bytes = parquet.writeParquet(
      parquet.Table.fromIPCStream(parquet.readParquet(bytes).intoIPCStream()),
      props,
    );
  }
  writeFileSync(path, bytes);
  console.log(
    `generated ${rows} rows → ${path} (${(bytes.length / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  return path;
}

/** kpis.json and run_metadata.json of a succeeded run of `rows` rows (placeholder KPI values). */
export function runJsonArtifacts(runId: string, rows: number): { kpis: object; metadata: object } {
  const now = new Date().toISOString();
  return {
    kpis: {
      schema_version: 1,
      run_id: runId,
      rows_in: rows,
      duplicates_removed: 0,
      rows_rejected: 0,
      rows_valid: rows,
      total_revenue: 1,
      order_count: 1,
      units_sold: 1,
      avg_order_value: 1,
      gross_margin: null,
      margin_pct: null,
      revenue_by_region: [],
      revenue_by_category: [],
      revenue_by_month: [],
      top_products: [],
      first_order_date: '2024-01-01',
      last_order_date: '2025-12-31',
    },
    metadata: {
      schema_version: 1,
      run_id: runId,
      status: 'succeeded',
      parameters: {},
      requested_by: null,
      input: { path: 'Files/import/x.xlsx', name: 'x.xlsx', size: 1, sha256: '0'.repeat(64) },
      engine: { name: 'local-engine', version: 'bench' },
      started_at: now,
      finished_at: now,
      timings_ms: { read: 0, clean: 0, write: 0, total: 0 },
      artifacts: ['sales_cleaned.parquet', 'kpis.json'],
    },
  };
}

/** The files of a finished run as the engine writes them into its run folder. */
export function runFiles(runId: string, parquet: string, rows: number): Record<string, Buffer> {
  const { kpis, metadata } = runJsonArtifacts(runId, rows);
  return {
    'sales_cleaned.parquet': readFileSync(parquet),
    'kpis.json': Buffer.from(JSON.stringify(kpis)),
    'run_metadata.json': Buffer.from(JSON.stringify(metadata)),
  };
}

/** Writes a finished run into a lakehouse folder (the Demo emulator's) and makes it the current results. */
export function writeLakehouseRun(lakehouse: string, runId: string, parquet: string, rows: number): void {
  const runDir = join(lakehouse, 'Files', 'results', 'runs', runId);
  const current = join(lakehouse, 'Files', 'results', 'current');
  mkdirSync(runDir, { recursive: true });
  mkdirSync(current, { recursive: true });
  const files = runFiles(runId, parquet, rows);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(runDir, name), bytes);
  writeFileSync(join(current, 'kpis.json'), files['kpis.json'] as Buffer);
}
