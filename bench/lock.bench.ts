// Run-lock acquisition latency under 50 contenders, as a ratio to a bare `SELECT 1` round trip measured
// in the same process against the same server, with the same 50 connections released by the same barrier.
// `npm run bench -- lock`; uses PG_TEST_URL when set, otherwise starts its own embedded PostgreSQL.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { migrate } from '../src/main/db/migrate';
import { createPgDb } from '../src/main/db/pg-db';
import { createTestDatabase, startPostgres, type TestPostgres } from '../tests/support/pg';
import { Contenders } from '../tests/integration/lock/contenders';

const N = 50;
const ROUNDS = 60;
const WARMUP = 5;
const LEASE_SEC = 60;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function stats(samples: number[]): { p50: number; p95: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), n: s.length };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  let server: TestPostgres | undefined;
  const serverUrl = process.env.PG_TEST_URL || (server = await startPostgres()).url;
  const tdb = await createTestDatabase(serverUrl);
  const db = createPgDb(tdb.profile);
  await migrate(db);
  const cs = await Contenders.open(tdb.url, N);
  const holders = Array.from({ length: N }, () => randomUUID());
  const acquire = (c: pg.Client, i: number) =>
    c.query<{ granted: boolean; fencing_token: string | null }>(
      'SELECT granted, fencing_token FROM public.acquire_run_lock($1, $2, $3, $4, $5, $6)',
      [holders[i], `bench-${i}`, randomUUID(), LEASE_SEC, 'bench', 'bench-host'],
    );

  const idleSelect: number[] = [];
  const crowdSelect: number[] = [];
  const freeAcquire: number[] = [];
  const heldAcquire: number[] = [];
  try {
    for (let round = 0; round < ROUNDS + WARMUP; round++) {
      const keep = round >= WARMUP;
      // Reference 1: one connection, nobody else busy.
      for (let k = 0; k < 5; k++) {
        const t = await timed(() => cs.client(0).query('SELECT 1'));
        if (keep) idleSelect.push(t);
      }
      // Reference 2: SELECT 1 from all 50 at once, released by the barrier.
      const sel = await cs.race((c) => timed(() => c.query('SELECT 1')));
      if (keep) crowdSelect.push(...sel);
      // Free lock: one wins, 49 queue on the row and then see it held.
      const free = await cs.race(async (c, i) => {
        const t0 = performance.now();
        const { rows } = await acquire(c, i);
        return { t: performance.now() - t0, token: rows[0]!.granted ? Number(rows[0]!.fencing_token) : null };
      });
      const won = free.filter((r) => r.token !== null);
      if (won.length !== 1) throw new Error(`round ${round}: ${won.length} winners`);
      if (keep) freeAcquire.push(...free.map((r) => r.t));
      // Held lock: all 50 are refused.
      const held = await cs.race((c, i) => timed(() => acquire(c, i)));
      if (keep) heldAcquire.push(...held);
      await cs.control.query("SELECT public.release_run_lock($1, 'bench', 'bench-host', NULL)", [
        won[0]!.token,
      ]);
    }
  } finally {
    await cs.close();
    await db.close();
    await tdb.drop();
    await server?.dispose();
  }

  const ref = stats(idleSelect);
  const crowd = stats(crowdSelect);
  const rows: [string, ReturnType<typeof stats>][] = [
    ['SELECT 1, one idle connection (reference)', ref],
    ['SELECT 1, 50 connections at once', crowd],
    ['acquire_run_lock, free lock, 50 contenders', stats(freeAcquire)],
    ['acquire_run_lock, held lock, 50 contenders', stats(heldAcquire)],
  ];
  const f = (ms: number): string => ms.toFixed(2);
  const x = (a: number, b: number): string => (a / b).toFixed(1);
  console.log(`Run lock: ${ROUNDS} rounds x ${N} contenders, ${new Date().toISOString()}`);
  console.log(
    '| measurement | samples | p50 ms | p95 ms | p50 / idle SELECT 1 | p95 / idle SELECT 1 | p50 / crowd SELECT 1 | p95 / crowd SELECT 1 |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, s] of rows) {
    console.log(
      `| ${name} | ${s.n} | ${f(s.p50)} | ${f(s.p95)} | ${x(s.p50, ref.p50)} | ${x(s.p95, ref.p95)} | ${x(s.p50, crowd.p50)} | ${x(s.p95, crowd.p95)} |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
