import { AppError } from '../../shared/contract/errors';
import { FabricError } from '../fabric/errors';
import type { Clock } from '../fabric/http/clock';
import type { ItemJobInstance } from '../fabric/jobs/schemas';
import type { Logger } from '../log/logger';
import { matchJob, type JobWindow } from './job-match';
import type { RunLockRepo } from './lock-repo';
import type { RunFabric } from './run-deps';
import type { RunRecorder } from './run-recorder';
import type { RunRepo, RunRow } from './run-repo';

/** How far Fabric's clock may differ from ours when matching a job by its start time. */
const CLOCK_SKEW_MS = 60_000;
/** Jobs read from the (newest first) list when looking for a run's job; older ones cannot be ours. */
export const MAX_LISTED_JOBS = 200;

export interface TriggerDeps {
  fabric: RunFabric;
  runs: RunRepo;
  lock: RunLockRepo;
  recorder: RunRecorder;
  clock: Clock;
  logger: Logger;
}

export type ReconcileOutcome =
  { kind: 'attached'; job: ItemJobInstance; by: 'run_id' | 'time' } | { kind: 'lost'; reason: string };

/**
 * Sends the one job POST of a run. A POST that may have reached Fabric (dropped connection, timeout, 5xx
 * after sending) is never sent again: the job list is read to find out whether Fabric created the job.
 */
export class RunTrigger {
  constructor(private readonly deps: TriggerDeps) {}

  async trigger(run: RunRow): Promise<RunRow> {
    const { fabric, runs, lock } = this.deps;
    const token = run.fencingToken;
    // The POST cannot be fenced, so prove we still hold the lock right before it.
    if (token !== null && (await lock.heartbeat(token)) === null) {
      await this.deps.recorder.markLost(run, 'The run lock was lost before the pipeline was started.', {});
      throw new AppError(
        'LOCKED',
        'The run lock was taken over before the pipeline was started; nothing was sent to Fabric.',
      );
    }
    const sentAt = this.deps.clock.now();
    try {
      const accepted = await fabric.jobs.runPipeline({
        parameters: {
          ...run.parameters,
          run_id: run.runId,
          input_path: run.inputPath,
          requested_by: run.requestedBy,
        },
        ownerUpn: fabric.ownerUpn,
        ownerObjectId: fabric.ownerObjectId,
      });
      await runs.attachJob(run.runId, { jobInstanceId: accepted.jobInstanceId, location: accepted.location });
      await lock.transition(run.runId, 'triggering', 'NotStarted', token, {
        message: 'Fabric accepted the run',
        data: { jobInstanceId: accepted.jobInstanceId },
      });
      return runs.require(run.runId);
    } catch (e) {
      if (e instanceof FabricError && e.details.outcomeUnknown === true) {
        await lock.appendEvent({
          runId: run.runId,
          kind: 'trigger_outcome_unknown',
          message: e.message,
          data: { status: e.details.status ?? null },
        });
        const outcome = await this.reconcile(
          run,
          { fromMs: sentAt - CLOCK_SKEW_MS, toMs: this.deps.clock.now() + CLOCK_SKEW_MS },
          3,
        );
        if (outcome.kind === 'attached') return runs.require(run.runId);
        throw new FabricError(
          e.code,
          `${e.message} No job for this run appeared in Fabric's job list, so the run was marked Lost and the lock released.`,
          'Check the pipeline in Fabric; start the run again if it did not run.',
          e.details,
          { cause: e },
        );
      }
      if (e instanceof AppError && (e.code === 'DB_UNAVAILABLE' || e.code === 'LOCKED')) throw e;
      // A definite refusal (4xx, auth): nothing runs in Fabric.
      const message = e instanceof Error ? e.message : String(e);
      const code = e instanceof AppError ? e.code : 'INTERNAL';
      await runs.setFailure(run.runId, { code, message });
      await lock.transition(run.runId, 'triggering', 'Failed', null, {
        message: `Fabric refused the run: ${message}`,
      });
      await this.deps.recorder.releaseLock(run, 'Failed');
      throw e;
    }
  }

  /**
   * Finds the job of a run that has none recorded, in Fabric's job list: attaches it, or marks the run Lost
   * and frees the lock. A failing list leaves the run as it is (the next client retries) and throws.
   */
  async reconcile(run: RunRow, window: JobWindow, attempts = 1): Promise<ReconcileOutcome> {
    const { fabric, runs, lock, recorder } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const jobs: ItemJobInstance[] = [];
      for await (const job of fabric.jobs.listJobs()) {
        jobs.push(job);
        if (jobs.length >= MAX_LISTED_JOBS) break;
      }
      const attached = await runs.attachedJobIds(jobs.map((j) => j.id));
      const match = matchJob(jobs, run.runId, window, attached);
      if (match.kind === 'found') {
        if (await runs.attachJob(run.runId, { jobInstanceId: match.job.id, location: null })) {
          await lock.appendEvent({
            runId: run.runId,
            kind: 'job_reconciled',
            message: `Found job ${match.job.id} in Fabric's job list (matched by ${match.by === 'run_id' ? 'the run_id parameter' : 'start time'})`,
            data: { jobInstanceId: match.job.id, by: match.by },
          });
        }
        const fresh = await runs.require(run.runId);
        if (fresh.status === 'triggering') {
          await lock.transition(run.runId, 'triggering', 'NotStarted', null, {
            message: 'Job found in Fabric',
          });
          await recorder.record(await runs.require(run.runId), match.job);
        }
        return { kind: 'attached', job: match.job, by: match.by };
      }
      if (attempt < attempts) {
        // A just-created job can take a moment to show in the list.
        await this.deps.clock.sleep(1_000 * attempt);
        continue;
      }
      const reason =
        match.kind === 'ambiguous'
          ? `Several Fabric jobs (${match.candidates.join(', ')}) started in the run's time window; none could be attributed to it.`
          : 'No job for this run exists in Fabric: the pipeline was never started.';
      await recorder.markLost(run, reason, {
        window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
      });
      this.deps.logger.warn('Run marked Lost', { runId: run.runId, reason });
      return { kind: 'lost', reason };
    }
  }
}
