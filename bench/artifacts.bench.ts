// Opening a cached run of 1M cleaned rows, side by side with a plain readFile of the same parquet bytes
// (the reference), then sorted/filtered pages. `npm run bench -- artifacts`; ARTIFACTS_BENCH_ROWS (default
// 1000000), ARTIFACTS_BENCH_ROUNDS (default 5). The parquet is written with the engine's writer
// (src/main/ingest/write-parquet.ts) once and kept in $TMPDIR/fabric-portal-bench (never committed).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ArtifactCache } from '../src/main/artifacts/artifact-cache';
import { ArtifactReader } from '../src/main/artifacts/artifact-reader';
import { writeManifest } from '../src/main/artifacts/cache-manifest';
import { localTableEngine, type TableEngineFactory } from '../src/main/artifacts/table-engine';
import { workerTableEngine } from '../src/main/artifacts/worker-table-engine';
import { CleanedTable } from '../src/main/ingest/cleaned-table';
import { toParquet } from '../src/main/ingest/write-parquet';
import type { TableQueryInput } from '../src/shared/contract/artifacts';
import { AppError } from '../src/shared/contract/errors';

const ROWS = Number(process.env.ARTIFACTS_BENCH_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.ARTIFACTS_BENCH_ROUNDS ?? 5);
const CACHE = join(tmpdir(), 'fabric-portal-bench');
const PROFILE = 'bench';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Cleaned rows shaped like the sample's (regions, countries, 5,000 customers, 300 products, 2 years). */
function parquetFile(rows: number): string {
  const path = join(CACHE, `cleaned-${rows}-v1.parquet`);
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
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
  const bytes = toParquet(t);
  writeFileSync(path, bytes);
  console.log(
    `generated ${rows} rows → ${path} (${(bytes.length / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  return path;
}

/** A cached run folder exactly as the cache writes it: the artifacts and manifest.json. */
async function cachedRun(dataDir: string, parquet: string): Promise<string> {
  const runId = randomUUID();
  const dir = join(dataDir, 'cache', PROFILE, runId);
  mkdirSync(dir, { recursive: true });
  const now = new Date().toISOString();
  const files: Record<string, Buffer> = {
    'sales_cleaned.parquet': readFileSync(parquet),
    'kpis.json': Buffer.from(
      JSON.stringify({
        schema_version: 1,
        run_id: runId,
        rows_in: ROWS,
        duplicates_removed: 0,
        rows_rejected: 0,
        rows_valid: ROWS,
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
      }),
    ),
    'run_metadata.json': Buffer.from(
      JSON.stringify({
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
      }),
    ),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  await writeManifest(dir, {
    formatVersion: 1,
    runId,
    origin: 'cache',
    profileId: PROFILE,
    createdAt: now,
    lastOpenedAt: null,
    files: Object.entries(files).map(([name, bytes]) => ({
      name,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      downloadedAt: now,
      source: 'bench',
    })),
  });
  return runId;
}

const offline = async (): Promise<never> => {
  throw new AppError('OFFLINE', 'bench');
};
/** Longest gap between 5 ms ticks: how long the event loop was blocked (perf_hooks' histogram misses long blocks). */
function blockProbe(): { stop(): number } {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - 5);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, performance.now() - last - 5);
    },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (ms: number): string => ms.toFixed(0).padStart(7);

async function main(): Promise<void> {
  const parquet = parquetFile(ROWS);
  const dataDir = mkdtempSync(join(tmpdir(), 'artifacts-bench-'));
  const runId = await cachedRun(dataDir, parquet);
  console.log(
    `parquet ${(statSync(parquet).size / 1e6).toFixed(1)} MB, ${ROWS} rows, ${ROUNDS} rounds, load ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
  );
  const rows: Record<string, number[]> = {};
  const add = (k: string, ms: number): void => void (rows[k] ??= []).push(ms);
  const sortQ: TableQueryInput = { runId, limit: 100, sort: [{ column: 'net_revenue', dir: 'desc' }] };

  for (let round = 0; round < ROUNDS; round++) {
    let t0 = performance.now();
    await readFile(join(dataDir, 'cache', PROFILE, runId, 'sales_cleaned.parquet'));
    add('reference: readFile of the parquet', performance.now() - t0);

    for (const [label, engines] of [
      ['worker', workerTableEngine()],
      ['in-process', localTableEngine],
    ] as [string, TableEngineFactory][]) {
      // a new session: the first open hashes every file (sha256) before anything is shown
      const cache = new ArtifactCache({ dataDir, source: offline, activeProfileId: () => PROFILE });
      const reader = new ArtifactReader({ cache, engines });
      const probe = blockProbe();
      t0 = performance.now();
      const [summary, page] = await Promise.all([reader.summary(runId), reader.query({ runId, limit: 100 })]);
      const open = performance.now() - t0;
      if (summary.kpis?.rows_valid !== ROWS || page.total !== ROWS || page.rows.length !== 100)
        throw new Error('bad open');
      add(`open (${label}): KPIs + first page, first open of the session`, open);
      t0 = performance.now();
      const sorted = await reader.query(sortQ);
      add(
        `first sorted page (${label}): whole table decoded + sort net_revenue`,
        performance.now() - t0 + open,
      );
      if (sorted.total !== ROWS) throw new Error('bad sort');
      t0 = performance.now();
      await reader.query({ ...sortQ, offset: Math.floor(Math.random() * (ROWS - 100)) });
      add(`page at a random offset, same sort (${label})`, performance.now() - t0);
      t0 = performance.now();
      await reader.query({ runId, limit: 100, sort: [{ column: 'customer_name', dir: 'asc' }] });
      add(`new sort on a text column (${label})`, performance.now() - t0);
      t0 = performance.now();
      const f = await reader.query({
        runId,
        limit: 100,
        filters: [{ column: 'product_name', op: 'contains', value: 'uct 12' }],
        sort: [{ column: 'order_date', dir: 'asc' }],
      });
      add(`filter contains + sort by date (${label})`, performance.now() - t0);
      if (f.total === 0) throw new Error('bad filter');
      add(`longest event-loop block during all of the above (${label})`, probe.stop());
      await reader.close();
      // second open in the same session: sizes only, no hashing
      const reader2 = new ArtifactReader({ cache, engines });
      t0 = performance.now();
      await Promise.all([reader2.summary(runId), reader2.query({ runId, limit: 100 })]);
      add(`open again in the same session (${label}, sizes checked, no sha256)`, performance.now() - t0);
      await reader2.close();
    }
  }
  const ref = median(rows['reference: readFile of the parquet'] as number[]);
  console.log(`\n| measurement | median ms | min ms | max ms | median / readFile |`);
  console.log(`|---|---|---|---|---|`);
  for (const [k, xs] of Object.entries(rows)) {
    console.log(
      `| ${k} | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${fmt(Math.max(...xs))} | ${(median(xs) / ref).toFixed(1)} |`,
    );
  }
  rmSync(dataDir, { recursive: true, force: true });
}

await main();
