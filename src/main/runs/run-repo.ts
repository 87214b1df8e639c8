import type { Kpis } from '../../shared/artifacts';
import { AppError } from '../../shared/contract/errors';
import type { Run, RunEvent, RunListQuery, RunStats, RunStatusValue } from '../../shared/contract/runs';
import type { Db } from '../db/db';

/** A run row as the services use it (the contract's Run plus what stays in main). */
export interface RunRow extends Run {
  fencingToken: number | null;
  kpis: Kpis | null;
}

interface DbRunRow {
  run_id: string;
  job_instance_id: string | null;
  input_path: string;
  input_name: string;
  input_size: number | string | null;
  input_sha256: string | null;
  parameters: Record<string, string>;
  requested_by: string;
  requested_host: string;
  status: RunStatusValue;
  status_changed_at: Date;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  failure: { code: string; message: string } | null;
  kpis: Kpis | null;
  kpis_source: string | null;
  fencing_token: number | string | null;
  updated_at: Date;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function toRun(r: DbRunRow): RunRow {
  return {
    runId: r.run_id,
    jobInstanceId: r.job_instance_id,
    inputPath: r.input_path,
    inputName: r.input_name,
    inputSize: num(r.input_size),
    inputSha256: r.input_sha256,
    parameters: r.parameters,
    requestedBy: r.requested_by,
    requestedHost: r.requested_host,
    status: r.status,
    statusChangedAt: r.status_changed_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    startedAt: isoOrNull(r.started_at),
    finishedAt: isoOrNull(r.finished_at),
    failure: r.failure,
    kpisSource: r.kpis_source,
    hasKpis: r.kpis !== null,
    updatedAt: r.updated_at.toISOString(),
    fencingToken: num(r.fencing_token),
    kpis: r.kpis,
  };
}

/** The contract's view of a run (drops the fencing token and the KPI body). */
export function publicRun(row: RunRow): Run {
  const { fencingToken: _t, kpis: _k, ...run } = row;
  return run;
}

export const ACTIVE_STATUSES: readonly RunStatusValue[] = [
  'requested',
  'triggering',
  'NotStarted',
  'InProgress',
];

const SORT_COLUMNS: Record<RunListQuery['sort'], string> = {
  createdAt: 'created_at',
  finishedAt: 'finished_at',
  status: 'status',
  requestedBy: 'requested_by',
  inputName: 'input_name',
};

export interface NewRun {
  runId: string;
  inputPath: string;
  inputName: string;
  inputSize: number | null;
  inputSha256: string | null;
  parameters: Record<string, string>;
  requestedBy: string;
  requestedHost: string;
  fencingToken: number;
}

/** Reads and writes pipeline_runs, run_events (read side) and run_restores. Status changes go via RunLockRepo. */
export class RunRepo {
  constructor(private readonly db: Db) {}

  async insert(run: NewRun): Promise<RunRow> {
    const [row] = await this.db.query<DbRunRow>(
      `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, input_size, input_sha256, parameters,
                                         requested_by, requested_host, status, fencing_token)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'triggering', $9) RETURNING *`,
      [
        run.runId,
        run.inputPath,
        run.inputName,
        run.inputSize,
        run.inputSha256,
        run.parameters,
        run.requestedBy,
        run.requestedHost,
        run.fencingToken,
      ],
    );
    if (!row) throw new AppError('INTERNAL', 'Recording the run returned no row.');
    return toRun(row);
  }

  /** Attaches the Fabric job once; false when the run already has one (another client attached it). */
  async attachJob(
    runId: string,
    job: { jobInstanceId: string; location: string | null; requestId?: string | null },
  ): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE public.pipeline_runs SET job_instance_id = $2, job_location = $3, trigger_request_id = $4
        WHERE run_id = $1 AND job_instance_id IS NULL RETURNING run_id`,
      [runId, job.jobInstanceId, job.location, job.requestId ?? null],
    );
    return rows.length === 1;
  }

  async setFailure(runId: string, failure: { code: string; message: string }): Promise<void> {
    await this.db.query(`UPDATE public.pipeline_runs SET failure = $2 WHERE run_id = $1`, [runId, failure]);
  }

  /** The KPI copy; written once (a second writer finds it set and changes nothing). */
  async setKpis(runId: string, kpis: Kpis, source: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE public.pipeline_runs SET kpis = $2, kpis_source = $3 WHERE run_id = $1 AND kpis IS NULL
       RETURNING run_id`,
      [runId, kpis, source],
    );
    return rows.length === 1;
  }

  async get(runId: string): Promise<RunRow | null> {
    const [row] = await this.db.query<DbRunRow>(`SELECT * FROM public.pipeline_runs WHERE run_id = $1`, [
      runId,
    ]);
    return row ? toRun(row) : null;
  }

  async require(runId: string): Promise<RunRow> {
    const run = await this.get(runId);
    if (!run) {
      throw new AppError('NOT_FOUND', `There is no run ${runId}.`, 'List the runs to see their ids.');
    }
    return run;
  }

  /** Runs that are not finished, oldest first. */
  async active(): Promise<RunRow[]> {
    const rows = await this.db.query<DbRunRow>(
      `SELECT * FROM public.pipeline_runs WHERE status = ANY($1::text[]) ORDER BY created_at`,
      [ACTIVE_STATUSES],
    );
    return rows.map(toRun);
  }

  /** Runs still in `triggering` with no job, created more than graceSec ago (database time). */
  async stuckTriggering(graceSec: number): Promise<RunRow[]> {
    const rows = await this.db.query<DbRunRow>(
      `SELECT * FROM public.pipeline_runs
        WHERE status = 'triggering' AND job_instance_id IS NULL
          AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at`,
      [graceSec],
    );
    return rows.map(toRun);
  }

  /** Which of these Fabric job ids are already attached to a run. */
  async attachedJobIds(jobIds: readonly string[]): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const rows = await this.db.query<{ job_instance_id: string }>(
      `SELECT job_instance_id FROM public.pipeline_runs WHERE job_instance_id = ANY($1::text[])`,
      [jobIds],
    );
    return new Set(rows.map((r) => r.job_instance_id));
  }

  async list(q: RunListQuery): Promise<{ runs: RunRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.status && q.status.length > 0) add((p) => `status = ANY(${p}::text[])`, q.status);
    if (q.from) add((p) => `created_at >= ${p}::timestamptz`, q.from);
    if (q.to) add((p) => `created_at < ${p}::timestamptz`, q.to);
    if (q.changedSince) add((p) => `updated_at >= ${p}::timestamptz`, q.changedSince);
    if (q.requestedBy) add((p) => `requested_by ILIKE ${p}`, `%${escapeLike(q.requestedBy)}%`);
    if (q.inputName) add((p) => `input_name ILIKE ${p}`, `%${escapeLike(q.inputName)}%`);
    if (q.text) {
      add(
        (p) =>
          `(run_id::text ILIKE ${p} OR input_path ILIKE ${p} OR requested_by ILIKE ${p}
            OR coalesce(failure->>'message', '') ILIKE ${p} OR coalesce(job_instance_id, '') ILIKE ${p})`,
        `%${escapeLike(q.text)}%`,
      );
    }
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const order = `${SORT_COLUMNS[q.sort]} ${q.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, run_id`;
    const [count] = await this.db.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM public.pipeline_runs ${whereSql}`,
      params,
    );
    const rows = await this.db.query<DbRunRow>(
      `SELECT * FROM public.pipeline_runs ${whereSql} ORDER BY ${order}
        LIMIT ${Number(q.limit)} OFFSET ${Number(q.offset)}`,
      params,
    );
    return { runs: rows.map(toRun), total: Number(count?.n ?? 0) };
  }

  async events(runId: string, limit: number): Promise<RunEvent[]> {
    const rows = await this.db.query<{
      id: number | string;
      run_id: string | null;
      at: Date;
      actor: string;
      host: string;
      kind: string;
      from_status: string | null;
      to_status: string | null;
      message: string | null;
      data: Record<string, unknown> | null;
    }>(`SELECT * FROM public.run_events WHERE run_id = $1 ORDER BY id LIMIT $2`, [runId, limit]);
    return rows.map((r) => ({
      id: Number(r.id),
      runId: r.run_id,
      at: r.at.toISOString(),
      actor: r.actor,
      host: r.host,
      kind: r.kind,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      message: r.message,
      data: r.data,
    }));
  }

  /** Request-to-end durations of the last `limit` Completed runs, with their median and 90th percentile. */
  async completedStats(limit: number, excludeRunId: string | null = null): Promise<RunStats> {
    const [row] = await this.db.query<{
      n: number | string;
      median: number | string | null;
      p90: number | string | null;
      durations: (number | string)[] | null;
    }>(
      `WITH recent AS (
         SELECT finished_at, extract(epoch FROM finished_at - created_at) * 1000 AS ms
           FROM public.pipeline_runs
          WHERE status = 'Completed' AND finished_at IS NOT NULL
            AND ($2::text IS NULL OR run_id::text <> $2::text)
          ORDER BY finished_at DESC LIMIT $1)
       SELECT count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ms) AS p90,
              array_agg(ms ORDER BY finished_at) AS durations
         FROM recent`,
      [limit, excludeRunId],
    );
    const ms = (v: number | string | null | undefined): number | null =>
      v === null || v === undefined ? null : Math.round(Number(v));
    return {
      count: Number(row?.n ?? 0),
      medianMs: ms(row?.median),
      p90Ms: ms(row?.p90),
      durationsMs: (row?.durations ?? []).map((d) => Math.round(Number(d))),
    };
  }

  /** The run whose results are in Files/results/current: the latest restore or completed run, whichever is newer. */
  async currentRunId(): Promise<string | null> {
    const [row] = await this.db.query<{ run_id: string }>(
      `SELECT run_id FROM (
         SELECT run_id, restored_at AS at FROM public.run_restores
         UNION ALL
         SELECT run_id, finished_at AS at FROM public.pipeline_runs WHERE status = 'Completed'
       ) t ORDER BY at DESC NULLS LAST LIMIT 1`,
    );
    return row?.run_id ?? null;
  }

  async recordRestore(input: {
    runId: string;
    previousRunId: string | null;
    actor: string;
    host: string;
    reason: string;
    data: Record<string, unknown>;
  }): Promise<Date> {
    const [row] = await this.db.query<{ restored_at: Date }>(
      `INSERT INTO public.run_restores (run_id, previous_run_id, restored_by, host, reason, data)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING restored_at`,
      [input.runId, input.previousRunId, input.actor, input.host, input.reason, input.data],
    );
    if (!row) throw new AppError('INTERNAL', 'Recording the restore returned no row.');
    return row.restored_at;
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
