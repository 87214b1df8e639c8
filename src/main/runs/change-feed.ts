import type { LockStatus, Run } from '../../shared/contract/runs';
import type { Db } from '../db/db';
import type { Logger } from '../log/logger';
import type { RunLockRepo } from './lock-repo';
import { toLockStatus } from './lock-view';
import { publicRun, type RunRepo } from './run-repo';

const RUNS_CHANNEL = 'portal_runs';
const DEBOUNCE_MS = 50;

export interface ChangeFeedDeps {
  db: Db;
  runs: RunRepo;
  lock: RunLockRepo;
  logger: Logger;
  onRunChanged: (payload: { runId: string | null; run: Run | null }) => void;
  onLockChanged: (status: LockStatus) => void;
  /** every notification (the monitor looks again at once) */
  onAnyChange?: () => void;
  /** fallback poll while LISTEN is unavailable (default 10 s) */
  pollMs?: number;
}

/**
 * Turns the database's NOTIFYs on portal_runs into run.changed / lock.changed, so every open app learns of
 * every change whoever made it. While LISTEN is not possible (database down at start) it polls a cheap
 * fingerprint instead and keeps trying to LISTEN.
 */
export class ChangeFeed {
  private unlisten: (() => Promise<void>) | null = null;
  private pendingRuns = new Set<string | null>();
  private pendingLock = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private fingerprint = '';
  private stopped = false;

  constructor(private readonly deps: ChangeFeedDeps) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.tryListen();
    this.schedulePoll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    const off = this.unlisten;
    this.unlisten = null;
    await off?.().catch(() => undefined);
  }

  get listening(): boolean {
    return this.unlisten !== null;
  }

  private async tryListen(): Promise<void> {
    if (this.unlisten || this.stopped) return;
    try {
      this.unlisten = await this.deps.db.listen(RUNS_CHANNEL, (payload) => this.onNotify(payload), {
        onResync: () => this.resync(),
      });
    } catch (e) {
      this.deps.logger.warn('LISTEN on the run database failed; polling for changes instead', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  private onNotify(payload: string): void {
    let parsed: { kind?: unknown; run_id?: unknown };
    try {
      parsed = JSON.parse(payload) as { kind?: unknown; run_id?: unknown };
    } catch {
      return;
    }
    const kind = typeof parsed.kind === 'string' ? parsed.kind : '';
    const runId = typeof parsed.run_id === 'string' ? parsed.run_id : null;
    if (kind === 'lock' || kind === 'monitor') this.pendingLock = true;
    else this.pendingRuns.add(runId);
    this.scheduleFlush();
    this.deps.onAnyChange?.();
  }

  /** Notifications sent while the listener was down are lost: tell subscribers to re-read everything. */
  private resync(): void {
    this.pendingLock = true;
    this.pendingRuns.add(null);
    this.scheduleFlush();
    this.deps.onAnyChange?.();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    const runIds = [...this.pendingRuns];
    const lock = this.pendingLock;
    this.pendingRuns.clear();
    this.pendingLock = false;
    try {
      for (const runId of runIds) {
        const row = runId ? await this.deps.runs.get(runId) : null;
        this.deps.onRunChanged({ runId, run: row ? publicRun(row) : null });
      }
      if (lock) this.deps.onLockChanged(toLockStatus(await this.deps.lock.show()));
    } catch (e) {
      this.deps.logger.warn('Reading a changed run failed', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => void this.poll(), this.deps.pollMs ?? 10_000);
    this.pollTimer.unref();
  }

  private async poll(): Promise<void> {
    try {
      if (!this.unlisten) {
        await this.tryListen();
        const [row] = await this.deps.db.query<{ e: string | null; s: string | null }>(
          `SELECT (SELECT max(id)::text FROM public.run_events) AS e,
                  (SELECT max(status_changed_at)::text FROM public.pipeline_runs) AS s`,
        );
        const fp = `${row?.e}|${row?.s}`;
        if (fp !== this.fingerprint) {
          if (this.fingerprint !== '') this.resync();
          this.fingerprint = fp;
        }
      }
    } catch {
      // still unreachable; try again on the next round
    } finally {
      this.schedulePoll();
    }
  }
}
