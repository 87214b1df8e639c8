// Opening a cached run of 1M cleaned rows, side by side with a plain readFile of the same parquet bytes
// (the reference), then sorted/filtered pages. `npm run bench -- artifacts`; ARTIFACTS_BENCH_ROWS (default
// 1000000), ARTIFACTS_BENCH_ROUNDS (default 5). The parquet is written with the engine's writer
// (src/main/ingest/write-parquet.ts) once and kept in $TMPDIR/fabric-portal-bench (bench/support/cleaned-run.ts).
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ArtifactCache } from '../src/main/artifacts/artifact-cache';
import { ArtifactReader } from '../src/main/artifacts/artifact-reader';
import { writeManifest } from '../src/main/artifacts/cache-manifest';
import { localTableEngine, type TableEngineFactory } from '../src/main/artifacts/table-engine';
import { workerTableEngine } from '../src/main/artifacts/worker-table-engine';
import type { TableQueryInput } from '../src/shared/contract/artifacts';
import { AppError } from '../src/shared/contract/errors';
import { cleanedParquet, runFiles } from './support/cleaned-run';
import { median } from './support/stats';

const ROWS = Number(process.env.ARTIFACTS_BENCH_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.ARTIFACTS_BENCH_ROUNDS ?? 5);
const PROFILE = 'bench';

/** A cached run folder exactly as the cache writes it: the artifacts and manifest.json. */
async function cachedRun(dataDir: string, parquet: string): Promise<string> {
  const runId = randomUUID();
  const dir = join(dataDir, 'cache', PROFILE, runId);
  mkdirSync(dir, { recursive: true });
  const now = new Date().toISOString();
  const files = runFiles(runId, parquet, ROWS);
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

const fmt = (ms: number): string => ms.toFixed(0).padStart(7);

async function main(): Promise<void> {
  const parquet = cleanedParquet(ROWS);
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
