import { AppError } from '../../shared/contract/errors';
import type { Db } from '../db/db';
import { sqlStateOf } from '../db/db-errors';
import type {
  ClaimedActor,
  LockAcquireResult,
  LockState,
  MonitorAcquireResult,
  RunEventInput,
  RunStatus,
  TransitionDetail,
} from './lock-types';

export interface RunLockRepoOptions {
  /** the user and computer this app acts for, recorded (as claimed) in every audit row it writes */
  identity: ClaimedActor;
  /** lease used by heartbeat and renewMonitor when none is given */
  defaultLeaseSec?: number;
  /**
   * A heartbeat that has not answered after this long counts as lost (reliability-notes §2e): a holder that
   * cannot confirm its lease must stop rather than hope. Default 10 s.
   */
  heartbeatTimeoutMs?: number;
}

export interface AcquireInput {
  /** per-install id of this app */
  holderId: string;
  /** shown to other analysts, e.g. "anna@LAPTOP-7" */
  holderLabel: string;
  runId: string | null;
  leaseSec: number;
}

/**
 * The run lock, the monitor lease, status compare-and-set and the audit log, over the SQL functions of
 * migration 0001. All times are the database's; nothing here trusts the laptop clock.
 */
export class RunLockRepo {
  private readonly identity: ClaimedActor;
  private readonly defaultLeaseSec: number;
  private readonly heartbeatTimeoutMs: number;

  constructor(
    private readonly db: Db,
    options: RunLockRepoOptions,
  ) {
    this.identity = options.identity;
    this.defaultLeaseSec = options.defaultLeaseSec ?? 90;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 10_000;
  }

  /** Takes the lock (or a lapsed one, audited as lock_stolen); otherwise says who holds it. */
  async acquire(input: AcquireInput): Promise<LockAcquireResult> {
    const [row] = await this.call<{
      granted: boolean;
      fencing_token: number | null;
      holder_label: string;
      run_id: string | null;
      acquired_at: Date;
      lease_until: Date;
    }>('SELECT * FROM public.acquire_run_lock($1, $2, $3, $4, $5, $6)', [
      input.holderId,
      input.holderLabel,
      input.runId,
      input.leaseSec,
      this.identity.actor,
      this.identity.host,
    ]);
    if (row === undefined) throw new AppError('INTERNAL', 'acquire_run_lock returned no row.');
    if (row.granted && row.fencing_token !== null)
      return { token: row.fencing_token, leaseUntil: row.lease_until };
    return {
      heldBy: {
        holderLabel: row.holder_label,
        runId: row.run_id,
        acquiredAt: row.acquired_at,
        leaseUntil: row.lease_until,
      },
    };
  }

  /**
   * The new lease end, or null when the lock is lost (or the database did not answer within
   * heartbeatTimeoutMs): the caller must stop all work on the run at once. Throws DB_UNAVAILABLE when the
   * server cannot be reached, which the caller must treat the same way.
   */
  async heartbeat(token: number, leaseSec: number = this.defaultLeaseSec): Promise<Date | null> {
    const beat = this.call<{ until: Date | null }>('SELECT public.heartbeat_run_lock($1, $2) AS until', [
      token,
      leaseSec,
    ]).then(([row]) => row?.until ?? null);
    // A late answer or failure after the timeout changes nothing: the lease already counts as lost.
    beat.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.heartbeatTimeoutMs);
    });
    try {
      return await Promise.race([beat, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** false when the token is no longer the holder's (someone took over or force-released). */
  async release(token: number, message?: string): Promise<boolean> {
    const [row] = await this.call<{ ok: boolean }>('SELECT public.release_run_lock($1, $2, $3, $4) AS ok', [
      token,
      this.identity.actor,
      this.identity.host,
      message ?? null,
    ]);
    return row?.ok === true;
  }

  /** Frees the lock whoever holds it; needs a reason, and writes lock_force_released with the old holder. */
  async forceRelease(input: {
    reason: string;
    actor: string;
  }): Promise<{ released: boolean; previousHolderLabel: string | null; previousRunId: string | null }> {
    if (input.reason.trim() === '') {
      throw new AppError('VALIDATION', 'A force release needs a reason.', 'Say why the lock is stuck.');
    }
    const [row] = await this.call<{ released: boolean; holder_label: string | null; run_id: string | null }>(
      'SELECT * FROM public.force_release_run_lock($1, $2, $3)',
      [input.reason, input.actor, this.identity.host],
    );
    return {
      released: row?.released === true,
      previousHolderLabel: row?.holder_label ?? null,
      previousRunId: row?.run_id ?? null,
    };
  }

  /** Become (or stay) the client that polls Fabric for the run; the same holder renews by calling again. */
  async acquireMonitor(input: AcquireInput): Promise<MonitorAcquireResult> {
    const [row] = await this.call<{
      granted: boolean;
      token: number | null;
      holder_id: string;
      holder_label: string;
      run_id: string | null;
      lease_until: Date;
    }>('SELECT * FROM public.acquire_monitor_lease($1, $2, $3, $4)', [
      input.holderId,
      input.holderLabel,
      input.runId,
      input.leaseSec,
    ]);
    if (row === undefined) throw new AppError('INTERNAL', 'acquire_monitor_lease returned no row.');
    if (row.granted && row.token !== null) return { token: row.token, leaseUntil: row.lease_until };
    return {
      heldBy: {
        holderId: row.holder_id,
        holderLabel: row.holder_label,
        runId: row.run_id,
        leaseUntil: row.lease_until,
      },
    };
  }

  /** null: the lease is lost, stop polling. */
  async renewMonitor(token: number, leaseSec: number = this.defaultLeaseSec): Promise<Date | null> {
    const [row] = await this.call<{ until: Date | null }>(
      'SELECT public.renew_monitor_lease($1, $2) AS until',
      [token, leaseSec],
    );
    return row?.until ?? null;
  }

  async releaseMonitor(token: number): Promise<boolean> {
    const [row] = await this.call<{ ok: boolean }>('SELECT public.release_monitor_lease($1) AS ok', [token]);
    return row?.ok === true;
  }

  /**
   * Compare-and-set of the run's status: true for exactly one of any number of concurrent callers, which
   * also writes the status_changed event. With a token the write is fenced (LOCKED when stale).
   */
  async transition(
    runId: string,
    from: RunStatus,
    to: RunStatus,
    token?: number | null,
    detail: TransitionDetail = {},
  ): Promise<boolean> {
    const [row] = await this.call<{ ok: boolean }>(
      `SELECT public.transition_run_status($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10::timestamptz)
          AS ok`,
      [
        runId,
        from,
        to,
        token ?? null,
        this.identity.actor,
        this.identity.host,
        detail.message ?? null,
        detail.data ?? null,
        detail.fabricStartedAt?.toISOString() ?? null,
        detail.fabricFinishedAt?.toISOString() ?? null,
      ],
    );
    return row?.ok === true;
  }

  /** Appends one audit row and returns its id. */
  async appendEvent(event: RunEventInput): Promise<number> {
    const [row] = await this.call<{ id: number }>(
      'SELECT public.append_run_event($1, $2, $3, $4, $5, $6, $7, $8, $9) AS id',
      [
        event.runId,
        this.identity.actor,
        this.identity.host,
        event.kind,
        event.fromStatus ?? null,
        event.toStatus ?? null,
        event.message ?? null,
        event.data ?? null,
        event.token ?? null,
      ],
    );
    if (row === undefined) throw new AppError('INTERNAL', 'append_run_event returned no row.');
    return row.id;
  }

  /** The lock and monitor lease as they are now, for the UI and diagnostics. */
  async show(): Promise<LockState> {
    const [row] = await this.call<{
      fencing_token: number;
      holder_id: string | null;
      holder_label: string | null;
      run_id: string | null;
      acquired_at: Date | null;
      heartbeat_at: Date | null;
      lease_until: Date | null;
      m_token: number;
      m_holder_id: string | null;
      m_holder_label: string | null;
      m_run_id: string | null;
      m_lease_until: Date | null;
      now: Date;
    }>(
      `SELECT l.fencing_token, l.holder_id, l.holder_label, l.run_id, l.acquired_at, l.heartbeat_at, l.lease_until,
              m.token AS m_token, m.holder_id AS m_holder_id, m.holder_label AS m_holder_label,
              m.run_id AS m_run_id, m.lease_until AS m_lease_until, now() AS now
         FROM public.run_lock l CROSS JOIN public.run_monitor_lease m
        WHERE l.id = 1 AND m.id = 1`,
    );
    if (row === undefined)
      throw new AppError('DB_SCHEMA', 'The run_lock row is missing.', 'Run the migrations.');
    const holder =
      row.holder_id !== null &&
      row.holder_label !== null &&
      row.acquired_at !== null &&
      row.heartbeat_at !== null &&
      row.lease_until !== null
        ? {
            holderId: row.holder_id,
            holderLabel: row.holder_label,
            runId: row.run_id,
            acquiredAt: row.acquired_at,
            heartbeatAt: row.heartbeat_at,
            leaseUntil: row.lease_until,
          }
        : null;
    const monitor =
      row.m_holder_id !== null && row.m_holder_label !== null && row.m_lease_until !== null
        ? {
            token: row.m_token,
            holderId: row.m_holder_id,
            holderLabel: row.m_holder_label,
            runId: row.m_run_id,
            leaseUntil: row.m_lease_until,
          }
        : null;
    return {
      fencingToken: row.fencing_token,
      holder,
      lapsed: holder !== null && holder.leaseUntil.getTime() < row.now.getTime(),
      monitor,
      now: row.now,
    };
  }

  private async call<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      return await this.db.query<T>(sql, params);
    } catch (e) {
      throw mapLockError(e);
    }
  }
}

function mapLockError(e: unknown): unknown {
  const state = sqlStateOf(e);
  const message = e instanceof Error ? e.message : String(e);
  if (state === 'PT409') {
    return new AppError(
      'LOCKED',
      'This app no longer holds the run lock (its lease lapsed or it was released), so the change was not written.',
      'Stop working on this run; the Monitor page shows who holds the lock now.',
      { cause: e },
    );
  }
  if (state === '22023') return new AppError('VALIDATION', message, undefined, { cause: e });
  if (state === '42883' || state === '42P01') {
    return new AppError('DB_SCHEMA', `The run-lock schema is missing (${message}).`, 'Run the migrations.', {
      cause: e,
    });
  }
  return e;
}
