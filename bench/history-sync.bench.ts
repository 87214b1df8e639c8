// Offline run-history sync over a long history (default 20,000 runs, the snapshot's limit): an incremental
// sync with nothing changed, and one after 10 finished runs changed, as ratios to a full sync (the
// reference: what every sync cost before updated_at, when it could not tell a finished run had changed),
// all in this process against the same database; plus a sync after a deletion (count check, then a full
// read). `npm run bench -- history`; HISTORY_BENCH_RUNS, HISTORY_BENCH_ROUNDS (default 3); uses PG_TEST_URL
// when set, otherwise starts its own embedded PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '../src/main/db/migrate';
import { createPgDb } from '../src/main/db/pg-db';
import { syncRunHistory, type HistorySyncResult } from '../src/main/offline/history-sync';
import { createRunHistorySnapshot, type RunHistorySnapshot } from '../src/main/offline/run-history-snapshot';
import { publicRun, RunRepo } from '../src/main/runs/run-repo';
import type { RunList, RunListQuery } from '../src/shared/contract/runs';
import { createTestDatabase, startPostgres, type TestPostgres } from '../tests/support/pg';
import { median } from './support/stats';

const RUNS = Number(process.env.HISTORY_BENCH_RUNS ?? 20_000);
const ROUNDS = Number(process.env.HISTORY_BENCH_ROUNDS ?? 3);
const PROFILE = 'bench';

async function main(): Promise<void> {
  let server: TestPostgres | undefined;
  const serverUrl = process.env.PG_TEST_URL || (server = await startPostgres()).url;
  const tdb = await createTestDatabase(serverUrl);
  const db = createPgDb(tdb.profile);
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-history-bench-'));
  try {
    await migrate(db);
    // Finished runs 15 minutes apart, last changed when they ended (older than the sync's overlap).
    await db.query(
      `INSERT INTO public.pipeline_runs (run_id, job_instance_id, input_path, input_name, requested_by,
                                         requested_host, status, created_at, started_at, finished_at, updated_at)
       SELECT gen_random_uuid(), gen_random_uuid()::text, 'Files/import/sales.xlsx', 'sales-' || g || '.xlsx',
              'ann', 'LAPTOP-ANN', 'Completed', now() - make_interval(mins => 60 + 15 * g),
              now() - make_interval(mins => 60 + 15 * g), now() - make_interval(mins => 59 + 15 * g),
              now() - make_interval(mins => 59 + 15 * g)
         FROM generate_series(0, $1 - 1) AS g`,
      [RUNS],
    );
    await db.query('ANALYZE public.pipeline_runs');
    const repo = new RunRepo(db);
    const list = async (q: RunListQuery): Promise<RunList> => {
      const { runs, total } = await repo.list(q);
      return { runs: runs.map(publicRun), total, limit: q.limit, offset: q.offset };
    };
    let n = 0;
    const fresh = (): RunHistorySnapshot => createRunHistorySnapshot({ dataDir: join(dataDir, String(n++)) });
    const timed = async (
      snapshot: RunHistorySnapshot,
    ): Promise<{ ms: number; result: HistorySyncResult }> => {
      const t0 = performance.now();
      const result = await syncRunHistory({ list, snapshot, profileId: PROFILE });
      await snapshot.flush();
      return { ms: performance.now() - t0, result };
    };
    const full: number[] = [];
    const none: number[] = [];
    const ten: number[] = [];
    const deleted: number[] = [];
    const shapes = new Map<string, string>();
    const shape = (label: string, r: HistorySyncResult): void =>
      void shapes.set(
        label,
        `${r.pages} pages, ${r.read} runs read, ${r.changed} changed, ${r.removed} removed`,
      );
    // Rounds share the database: the runs changed in earlier rounds are still within the overlap of the later
    // rounds' no-change syncs (round k reads 10k runs back); the printed shape is the last round's.
    for (let round = 0; round < ROUNDS; round++) {
      const snapshot = fresh();
      const a = await timed(snapshot);
      full.push(a.ms);
      shape('full', a.result);
      const b = await timed(snapshot);
      none.push(b.ms);
      shape('no change', b.result);
      await db.query(
        `UPDATE public.pipeline_runs SET failure = '{"code":"X","message":"corrected"}'
          WHERE run_id IN (SELECT run_id FROM public.pipeline_runs ORDER BY random() LIMIT 10)`,
      );
      const c = await timed(snapshot);
      ten.push(c.ms);
      shape('10 changed', c.result);
      await db.query(
        `DELETE FROM public.pipeline_runs WHERE run_id = (SELECT run_id FROM public.pipeline_runs
          ORDER BY created_at LIMIT 1 OFFSET $1)`,
        [Math.floor(RUNS / 2)],
      );
      const d = await timed(snapshot);
      deleted.push(d.ms);
      shape('after a deletion', d.result);
    }
    const ref = median(full);
    const row = (label: string, xs: number[]): string =>
      `${label.padEnd(18)} median ${median(xs).toFixed(0).padStart(6)} ms  ratio to full ${(median(xs) / ref).toFixed(3)}  (${shapes.get(label)})`;
    console.log(`history sync over ${RUNS} runs, ${ROUNDS} rounds (PostgreSQL, snapshot on disk)`);
    console.log(row('full', full));
    console.log(row('no change', none));
    console.log(row('10 changed', ten));
    console.log(row('after a deletion', deleted));
  } finally {
    await db.close();
    await tdb.drop();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
