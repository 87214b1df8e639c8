import { KpisSchema, type Kpis } from '../../shared/artifacts';
import { AppError } from '../../shared/contract/errors';
import { TERMINAL_RUN_STATUSES, type RunStatusValue } from '../../shared/contract/runs';
import type { ItemJobInstance } from '../fabric/jobs/schemas';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import type { Logger } from '../log/logger';
import { parseFabricTime } from './job-match';
import type { RunLockRepo } from './lock-repo';
import type { RunRepo, RunRow } from './run-repo';

const FABRIC_STATUSES: readonly RunStatusValue[] = [
  'NotStarted',
  'InProgress',
  'Completed',
  'Failed',
  'Cancelled',
  'Deduped',
];

export const kpisPath = (runId: string): string => `Files/results/runs/${runId}/kpis.json`;

export const isTerminal = (s: RunStatusValue): boolean => TERMINAL_RUN_STATUSES.includes(s);

/**
 * Writes what Fabric says about a run into the database, safely from any number of clients at once: every
 * status change is a compare-and-set on the status this client read (exactly one writer wins and writes the
 * status_changed event), the KPI copy is written only while empty, and the run lock is released by the
 * run's own fencing token (a no-op once released or taken by a newer run).
 */
export class RunRecorder {
  constructor(
    private readonly deps: {
      runs: RunRepo;
      lock: RunLockRepo;
      onelake: OneLakeClient;
      logger: Logger;
    },
  ) {}

  /** Records Fabric's view of the job; returns the status now stored. */
  async record(run: RunRow, job: ItemJobInstance): Promise<RunStatusValue> {
    // Statuses Fabric may add later are read as "still running" (the spec says the enum grows).
    const status: RunStatusValue = FABRIC_STATUSES.includes(job.status as RunStatusValue)
      ? (job.status as RunStatusValue)
      : 'InProgress';
    if (status === run.status) {
      if (isTerminal(status)) await this.releaseLock(run, status);
      return status;
    }
    if (isTerminal(run.status) && run.status !== 'Lost') return run.status;
    const data: Record<string, unknown> = { jobInstanceId: job.id };
    if (status === 'Completed') await this.copyKpis(run);
    if (status === 'Failed' || status === 'Deduped') {
      const reason = job.failureReason;
      const failure = {
        code: reason?.errorCode ?? (status === 'Deduped' ? 'Deduped' : 'JobInstanceStatusFailed'),
        message:
          reason?.message ??
          (status === 'Deduped'
            ? 'Fabric did not run this job because another run of the pipeline was active (Deduped).'
            : 'Fabric reported the run as failed without a reason.'),
      };
      await this.deps.runs.setFailure(run.runId, failure);
      data.failure = failure;
    }
    const fabricStartedAt = fabricTime(job.startTimeUtc);
    const fabricFinishedAt = isTerminal(status) ? fabricTime(job.endTimeUtc) : null;
    if (fabricStartedAt) data.startTimeUtc = job.startTimeUtc;
    if (fabricFinishedAt) data.endTimeUtc = job.endTimeUtc;
    const won = await this.deps.lock.transition(run.runId, run.status, status, null, {
      message: `Fabric reports ${status}`,
      data,
      fabricStartedAt,
      fabricFinishedAt,
    });
    if (won) this.deps.logger.info('Run status recorded', { runId: run.runId, from: run.status, to: status });
    if (isTerminal(status)) await this.releaseLock(run, status);
    return status;
  }

  /** Marks a run that never reached Fabric (or cannot be found there) as Lost and frees its lock. */
  async markLost(run: RunRow, message: string, data: Record<string, unknown>): Promise<boolean> {
    await this.deps.runs.setFailure(run.runId, { code: 'Lost', message });
    const won = await this.deps.lock.transition(run.runId, run.status, 'Lost', null, { message, data });
    if (won) {
      await this.deps.lock.appendEvent({ runId: run.runId, kind: 'run_lost', message, data });
    }
    await this.releaseLock(run, 'Lost');
    return won;
  }

  /** Frees the lock if it is still this run's grant; true only for the one call that released it. */
  async releaseLock(run: RunRow, status: RunStatusValue): Promise<boolean> {
    if (run.fencingToken === null) return false;
    const released = await this.deps.lock.release(run.fencingToken, `run ${run.runId} ended ${status}`);
    if (released) this.deps.logger.info('Run lock released', { runId: run.runId, status });
    return released;
  }

  private async copyKpis(run: RunRow): Promise<void> {
    const path = kpisPath(run.runId);
    try {
      const kpis = await readKpis(this.deps.onelake, path);
      await this.deps.runs.setKpis(run.runId, kpis, `onelake:${path}`);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'DB_UNAVAILABLE' || e.code === 'DB_SCHEMA')) throw e;
      // The run still completed; Results falls back to OneLake later or says the copy is missing.
      const message = `The KPIs of run ${run.runId} could not be copied from ${path}: ${e instanceof Error ? e.message : String(e)}`;
      this.deps.logger.warn(message);
      await this.deps.lock.appendEvent({ runId: run.runId, kind: 'kpis_copy_failed', message });
    }
  }
}

/** A Fabric job time (UTC, often without "Z", 7 fractional digits) as a Date; null when absent or unreadable. */
export function fabricTime(t: string | null | undefined): Date | null {
  if (!t) return null;
  const ms = parseFabricTime(t);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Reads and validates a kpis.json from OneLake. */
export async function readKpis(onelake: OneLakeClient, path: string): Promise<Kpis> {
  const st = await onelake.stat(path);
  const bytes = st.size > 0 ? await onelake.readRange(path, 0, st.size) : Buffer.alloc(0);
  return KpisSchema.parse(JSON.parse(bytes.toString('utf8')));
}
