import { randomUUID } from 'node:crypto';
import { isAppError } from '../../shared/contract/errors';
import { isFabricError } from '../fabric/errors';
import type { Clock } from '../fabric/http/clock';
import type { JobSnapshot } from '../fabric/jobs/job-scheduler-client';
import type { Logger } from '../log/logger';
import type { RunLockRepo } from './lock-repo';
import type { RunFabric, RunIdentity, RunTimings } from './run-deps';
import { isTerminal, type RunRecorder } from './run-recorder';
import type { RunRepo, RunRow } from './run-repo';
import { MAX_LISTED_JOBS, type RunTrigger } from './trigger';

const RECONCILE_SKEW_MS = 60_000;

export interface MonitorDeps {
  runs: RunRepo;
  lock: RunLockRepo;
  recorder: RunRecorder;
  trigger: RunTrigger;
  fabric: RunFabric;
  identity: RunIdentity;
  timings: RunTimings;
  clock: Clock;
  logger: Logger;
  /** told when the database or Fabric answers or fails, for the health indicator */
  onHealth?: (part: 'database' | 'fabric', ok: boolean, message: string) => void;
  random?: () => number;
}

/**
 * A wake starts the next round at the earliest this long after the previous one ended, never at once
 * (see waitOrWake): a round's own heartbeat and lease writes NOTIFY, and so wake the monitor themselves.
 */
const WAKE_GAP_MS = 1_000;

/**
 * One per client. Whoever holds the short monitor lease polls Fabric for the active run and records what it
 * sees; every other client waits (woken by database notifications) and takes over when the lease lapses.
 * Status writes are compare-and-set, so overlapping monitors (a lease that lapsed mid-poll) cannot record
 * a transition twice.
 */
export class RunMonitor {
  /** the monitor lease is per process: two windows of one install are two monitors */
  private readonly instanceId = randomUUID();
  private leaseToken: number | null = null;
  private failures = 0;
  private running = false;
  private suspended = false;
  private stopController = new AbortController();
  private wakeController = new AbortController();
  private wakePending = false;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(private readonly deps: MonitorDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopController = new AbortController();
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopController.abort(new Error('monitor stopped'));
    this.wake();
    await this.loopDone;
    if (this.leaseToken !== null) {
      await this.deps.lock.releaseMonitor(this.leaseToken).catch(() => false);
      this.leaseToken = null;
    }
  }

  /** Look again now (a database notification, a run just started). */
  wake(): void {
    this.wakePending = true;
    this.wakeController.abort();
  }

  /** The machine is going to sleep: stop polling; the lease lapses and another client takes over. */
  suspend(): void {
    this.suspended = true;
  }

  /** Back from sleep: renew the lease first; if it is gone, forget it and compete again like anyone else. */
  async resume(): Promise<void> {
    if (this.leaseToken !== null) {
      const until = await this.deps.lock
        .renewMonitor(this.leaseToken, this.deps.timings.monitorLeaseSec)
        .catch(() => null);
      if (until === null) {
        this.deps.logger.info('Monitor lease lapsed during sleep; another client may be monitoring');
        this.leaseToken = null;
      }
    }
    this.suspended = false;
    this.wake();
  }

  /** One round of work; returns how long to wait before the next. Public for tests. */
  async tick(): Promise<number> {
    const { runs, timings } = this.deps;
    const active = await runs.active();
    this.deps.onHealth?.('database', true, 'Connected.');
    await this.releaseLockOfEndedRun();
    const run = active[0];
    if (!run) {
      await this.dropLease();
      return timings.idleMs;
    }
    if (!(await this.holdLease(run.runId))) return Math.min(timings.pollMs, timings.monitorLeaseSec * 500);
    // Normally one run is active. After a force release a second can start while the first still runs in
    // Fabric; the lease holder watches all of them, so neither waits for the other to end.
    let delay = timings.idleMs;
    let allEnded = true;
    for (const r of active) {
      const next = await this.watch(r);
      if (next !== 'ended') {
        allEnded = false;
        delay = Math.min(delay, next);
      }
    }
    if (allEnded) {
      await this.dropLease();
      return 0;
    }
    return delay;
  }

  /** One look at one active run: ms until the next look, or 'ended'. */
  private async watch(run: RunRow): Promise<number | 'ended'> {
    const { timings } = this.deps;
    if (run.jobInstanceId === null) return this.handleJobless(run);
    // Keep the run's lock alive while it runs in Fabric, whoever started it (the starter may be gone).
    if (run.fencingToken !== null) await this.deps.lock.heartbeat(run.fencingToken, timings.lockLeaseSec);
    let snap: JobSnapshot;
    try {
      snap = await this.deps.fabric.jobs.getJob(run.jobInstanceId, { signal: this.stopController.signal });
    } catch (e) {
      if (!isFabricError(e) || e.details.status !== 404) throw e;
      return this.handleMissingJob(run, run.jobInstanceId, e.message);
    }
    this.deps.onHealth?.('fabric', true, 'Fabric answers.');
    const status = await this.deps.recorder.record(run, snap.job);
    if (isTerminal(status)) return 'ended';
    return Math.max(timings.pollMs, (snap.retryAfterSec ?? 0) * 1000);
  }

  /**
   * Fabric answered 404 for the run's job. Until the run is `lostJobGraceSec` old that may be a job not yet
   * visible, or a pipeline id being corrected in Settings; after it, the job list decides: a listing that fails
   * (the pipeline itself is missing) is a configuration error and is raised as such, a job found there is
   * recorded, and a job in neither is Lost — otherwise its lock would be renewed for ever and nobody could run.
   */
  private async handleMissingJob(run: RunRow, jobId: string, why: string): Promise<number | 'ended'> {
    const { timings } = this.deps;
    this.deps.onHealth?.('fabric', true, 'Fabric answers.');
    const ageMs = this.deps.clock.now() - Date.parse(run.createdAt);
    if (ageMs < timings.lostJobGraceSec * 1000) {
      this.deps.logger.warn('Fabric does not know the run’s job (yet)', { runId: run.runId, jobId, why });
      return timings.pollMs;
    }
    let listed = 0;
    for await (const job of this.deps.fabric.jobs.listJobs({ signal: this.stopController.signal })) {
      if (job.id === jobId)
        return isTerminal(await this.deps.recorder.record(run, job)) ? 'ended' : timings.pollMs;
      if (++listed >= MAX_LISTED_JOBS) break;
    }
    const message = `Fabric no longer knows job ${jobId} of this run (404, and not among the pipeline's ${listed} listed jobs); its outcome cannot be read.`;
    await this.deps.recorder.markLost(run, message, { jobInstanceId: jobId, listedJobs: listed });
    this.deps.logger.warn('Run marked Lost', { runId: run.runId, jobId, reason: message });
    return 'ended';
  }

  private async handleJobless(run: RunRow): Promise<number> {
    const { timings } = this.deps;
    const stuck = await this.deps.runs.stuckTriggering(timings.triggerGraceSec);
    const target = stuck.find((r) => r.runId === run.runId);
    if (!target) return timings.pollMs; // still within the grace period: its starter may be posting now
    const created = Date.parse(target.createdAt);
    await this.deps.lock.appendEvent({
      runId: target.runId,
      kind: 'recovery_started',
      message: `Run stuck in ${target.status} without a Fabric job for over ${timings.triggerGraceSec} s; reconciling against Fabric's job list`,
    });
    await this.deps.trigger.reconcile(target, {
      fromMs: created - RECONCILE_SKEW_MS,
      toMs: created + timings.triggerGraceSec * 1000 + RECONCILE_SKEW_MS,
    });
    return 0;
  }

  /** A crash between a run's end and its lock release leaves the lock on a finished run: free it. */
  private async releaseLockOfEndedRun(): Promise<void> {
    const state = await this.deps.lock.show();
    const runId = state.holder?.runId;
    if (!runId) return;
    const run = await this.deps.runs.get(runId);
    if (run && isTerminal(run.status) && run.fencingToken === state.fencingToken) {
      await this.deps.recorder.releaseLock(run, run.status);
    }
  }

  private async holdLease(runId: string): Promise<boolean> {
    const grant = await this.deps.lock.acquireMonitor({
      holderId: this.instanceId,
      holderLabel: this.deps.identity.label,
      runId,
      leaseSec: this.deps.timings.monitorLeaseSec,
    });
    if ('heldBy' in grant) {
      this.leaseToken = null;
      return false;
    }
    if (this.leaseToken !== grant.token) this.deps.logger.info('Monitoring run', { runId });
    this.leaseToken = grant.token;
    return true;
  }

  private async dropLease(): Promise<void> {
    if (this.leaseToken === null) return;
    const token = this.leaseToken;
    this.leaseToken = null;
    await this.deps.lock.releaseMonitor(token);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // Wakes from before this round are answered by it; wakes during it (often NOTIFYs caused by the
      // round's own heartbeat and lease writes) are tracked afresh.
      this.wakePending = false;
      let delay: number;
      if (this.suspended) delay = this.deps.timings.idleMs;
      else {
        try {
          delay = await this.tick();
          this.failures = 0;
        } catch (e) {
          delay = this.onFailure(e);
        }
      }
      if (!this.running) break;
      await this.waitOrWake(this.wakePending ? Math.min(delay, WAKE_GAP_MS) : delay);
    }
  }

  private onFailure(e: unknown): number {
    if (!this.running) return 0;
    this.failures += 1;
    const message = e instanceof Error ? e.message : String(e);
    const dbDown = isAppError(e) && (e.code === 'DB_UNAVAILABLE' || e.code === 'DB_SCHEMA');
    if (dbDown) this.deps.onHealth?.('database', false, message);
    else if (isFabricError(e)) this.deps.onHealth?.('fabric', false, message);
    this.deps.logger.warn('Run monitor round failed; retrying', { error: message, failures: this.failures });
    const { pollMs, maxBackoffMs } = this.deps.timings;
    const retryAfterMs =
      isFabricError(e) && e.details.retryAfterSec !== undefined ? e.details.retryAfterSec * 1000 : 0;
    const exp = Math.min(maxBackoffMs, pollMs * 2 ** Math.min(this.failures - 1, 10));
    // Equal jitter: half fixed, half random, so clients that failed together do not retry together.
    const jittered = exp / 2 + (this.deps.random ?? Math.random)() * (exp / 2);
    return Math.max(retryAfterMs, jittered);
  }

  /**
   * Every round ends by giving the event loop a turn. With PGlite each query resolves on the microtask
   * queue, so rounds started at once by wakes from their own writes never let timers, sockets or HTTP
   * clients run: the Demo host froze while a run was triggering and its start POST never went out.
   */
  private async waitOrWake(ms: number): Promise<void> {
    const roundEnded = this.deps.clock.now();
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.running) return;
    if (this.wakePending) ms = Math.min(ms, WAKE_GAP_MS);
    this.wakeController = new AbortController();
    const signal = AbortSignal.any([this.wakeController.signal, this.stopController.signal]);
    if (ms > 0) await this.deps.clock.sleep(ms, signal).catch(() => undefined);
    const gapLeft = WAKE_GAP_MS - (this.deps.clock.now() - roundEnded);
    if (this.wakePending && this.running && gapLeft > 0) {
      await this.deps.clock.sleep(gapLeft, this.stopController.signal).catch(() => undefined);
    }
    this.wakePending = false;
  }
}
