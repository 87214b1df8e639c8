// How fast the Results grid answers a jump to any row of a 1,000,000-row run, measured in Chromium against
// the preview host: time from setting scrollTop to the target row being rendered with its data. Reference,
// side by side: the same jump on the same grid when the target's rows are already in memory (only React
// and the virtualizer at work). `npm run bench -- grid`; GRID_BENCH_ROWS (default 1000000),
// GRID_BENCH_JUMPS (default 40). The 1M-row parquet is written once into $TMPDIR/fabric-portal-bench.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { CleanedTable } from '../src/main/ingest/cleaned-table';
import { toParquet } from '../src/main/ingest/write-parquet';
import { invokeOnHost } from '../tests/e2e/renderer/host-client';
import { launchChromium, startPreviewHost } from '../tests/support/preview-host';

const ROWS = Number(process.env.GRID_BENCH_ROWS ?? 1_000_000);
const JUMPS = Number(process.env.GRID_BENCH_JUMPS ?? 40);
const CACHE = join(tmpdir(), 'fabric-portal-bench');
const ROW_H = 30;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Cleaned rows shaped like the sample's; the same file bench/artifacts.bench.ts writes and reuses. */
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
  writeFileSync(path, toParquet(t));
  return path;
}

/** A finished run of `ROWS` cleaned rows, written into the host's lakehouse as the current results. */
function writeRun(lakehouse: string, parquet: string): string {
  const runId = randomUUID();
  const now = new Date().toISOString();
  const kpis = {
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
  };
  const metadata = {
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
  };
  const runDir = join(lakehouse, 'Files', 'results', 'runs', runId);
  const current = join(lakehouse, 'Files', 'results', 'current');
  mkdirSync(runDir, { recursive: true });
  mkdirSync(current, { recursive: true });
  writeFileSync(join(runDir, 'sales_cleaned.parquet'), readFileSync(parquet));
  writeFileSync(join(runDir, 'kpis.json'), JSON.stringify(kpis));
  writeFileSync(join(runDir, 'run_metadata.json'), JSON.stringify(metadata));
  writeFileSync(join(current, 'kpis.json'), JSON.stringify(kpis));
  return runId;
}

/**
 * ms from setting scrollTop to row `index` being in the DOM with its data. The page script is a string:
 * tsx would wrap named functions in a helper that does not exist in the page.
 */
function jump(page: Page, index: number): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const el = document.querySelector('[data-testid="grid-scroller"]');
    if (!el) return reject(new Error('no grid'));
    const t0 = performance.now();
    el.scrollTop = ${index * ROW_H};
    function check() {
      if (document.querySelector('[data-row-index="${index}"][data-loaded="1"]')) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 30000) reject(new Error('row ${index} never appeared'));
      else requestAnimationFrame(check);
    }
    check();
  })`);
}

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;

async function main(): Promise<void> {
  const parquet = parquetFile(ROWS);
  const host = await startPreviewHost();
  const browser = await launchChromium();
  try {
    const runId = writeRun(join(host.dataDir, 'demo', 'lakehouse'), parquet);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(host.url, { timeout: 120_000 });
    await page.getByTestId('active-profile').filter({ hasNotText: 'Loading' }).waitFor({ timeout: 120_000 });
    await page.keyboard.press('Control+Digit3');
    let t0 = performance.now();
    await page.getByTestId('results-run').filter({ hasText: runId }).waitFor({ timeout: 120_000 });
    await page.locator('[data-row-index="0"][data-loaded="1"]').waitFor({ timeout: 120_000 });
    const open = performance.now() - t0;
    const all = ROWS.toLocaleString('en-US');
    await page
      .getByTestId('grid-count')
      .filter({ hasText: `${all} of ${all} rows` })
      .waitFor();

    const rnd = prng(7);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < JUMPS; i++) {
      const index = Math.floor(rnd() * (ROWS - 20));
      cold.push(await jump(page, index));
      // Reference: away (a place already in memory) and back — the target's pages are in memory now.
      await jump(page, 0);
      warm.push(await jump(page, index));
    }
    // The same jumps under a sort: main sorts the whole table once, then serves pages of the sorted order.
    t0 = performance.now();
    await page.getByTestId('sort-net_revenue').click();
    await page.locator('[role="columnheader"][aria-sort="ascending"]').waitFor();
    await page.locator('[data-row-index="0"][data-loaded="1"]').waitFor({ timeout: 120_000 });
    const firstSort = performance.now() - t0;
    const sorted: number[] = [];
    for (let i = 0; i < JUMPS; i++) sorted.push(await jump(page, Math.floor(rnd() * (ROWS - 20))));

    // Where the time goes: main's answer to one page of 500 rows over the WebSocket, without the renderer.
    const roundTrip: number[] = [];
    for (let i = 0; i < JUMPS; i++) {
      const offset = Math.floor(rnd() * (ROWS - 500));
      const t = performance.now();
      const r = await invokeOnHost(host, 'artifacts.query', { runId, offset, limit: 500 });
      if (!r.ok) throw new Error(r.error.message);
      roundTrip.push(performance.now() - t);
    }

    const line = (label: string, xs: number[]) =>
      console.log(
        `${label.padEnd(58)} p50 ${pct(xs, 50).toFixed(0).padStart(5)} ms   p95 ${pct(xs, 95).toFixed(0).padStart(5)} ms`,
      );
    console.log(`${ROWS} rows, ${JUMPS} jumps, load ${loadavg()[0]?.toFixed(1)}`);
    console.log(`open Results until the first rows show (download + first page): ${open.toFixed(0)} ms`);
    console.log(`first sorted page (whole table decoded + sorted in main): ${firstSort.toFixed(0)} ms`);
    line('reference: jump to a row whose page is in memory', warm);
    line('jump to a random row (page fetched from main)', cold);
    line('jump to a random row, sorted by net_revenue', sorted);
    line('artifacts.query, 500 rows, from a Node WebSocket client', roundTrip);
    console.log(
      `ratio fetched/in-memory: p50 ${(pct(cold, 50) / pct(warm, 50)).toFixed(1)}x, p95 ${(pct(cold, 95) / pct(warm, 95)).toFixed(1)}x; goal: any row within 100 ms (p95 ${pct(cold, 95) <= 100 ? 'met' : 'NOT met'})`,
    );
    await context.close();
  } finally {
    await browser.close();
    await host.stop();
  }
}

await main();
