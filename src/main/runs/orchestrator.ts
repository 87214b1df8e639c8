import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/contract/errors';
import type { LockStatus, Run, RunEvent, RunList, RunListQuery, RunStats } from '../../shared/contract/runs';
import type { Logger } from '../log/logger';
import { checkInput } from './input-check';
import type { RunLockRepo } from './lock-repo';
import { LOCKED_HINT, lockedMessage, toLockStatus } from './lock-view';
import type { RunFabric, RunIdentity, RunInspector, RunTimings } from './run-deps';
import { isTerminal } from './run-recorder';
import { publicRun, type RunRepo } from './run-repo';
import type { RunTrigger } from './trigger';

export interface StartRunRequest {
  /** lakehouse path under Files/import */
  inputPath: string;
  /** extra pipeline parameters (run_id, input_path, requested_by are set here) */
  parameters?: Record<string, string>;
  /** shown as requested_by; defaults to the identity's label */
  requestedBy?: string;
  signal?: AbortSignal;
}

export interface OrchestratorDeps {
  runs: RunRepo;
  lock: RunLockRepo;
  trigger: RunTrigger;
  fabric: RunFabric;
  inspector: RunInspector;
  identity: RunIdentity;
  timings: RunTimings;
  logger: Logger;
  tmpDir?: string;
}

/** Starting, cancelling and reading runs, and the lock's audited way out. */
export class RunOrchestrator {
  constructor(private readonly deps: OrchestratorDeps) {}

  /**
   * Checks the input, takes the run lock, records the run and starts the pipeline in Fabric. Refused with
   * LOCKED (naming the holder, run and time) while another run holds the lock.
   */
  async start(req: StartRunRequest): Promise<Run> {
    const { runs, lock, identity, timings } = this.deps;
    const input = await checkInput(
      { onelake: this.deps.fabric.onelake, inspector: this.deps.inspector, tmpDir: this.deps.tmpDir },
      req.inputPath,
      req.signal,
    );
    const runId = randomUUID();
    const grant = await lock.acquire({
      holderId: identity.holderId,
      holderLabel: identity.label,
      runId,
      leaseSec: timings.lockLeaseSec,
    });
    if ('heldBy' in grant) throw new AppError('LOCKED', lockedMessage(grant.heldBy), LOCKED_HINT);
    let row;
    try {
      row = await runs.insert({
        runId,
        inputPath: input.path,
        inputName: input.name,
        inputSize: input.size,
        inputSha256: input.sha256,
        parameters: req.parameters ?? {},
        requestedBy: req.requestedBy ?? identity.label,
        requestedHost: identity.host,
        fencingToken: grant.token,
      });
      await lock.appendEvent({
        runId,
        kind: 'run_requested',
        message: `Run of ${input.path} requested by ${req.requestedBy ?? identity.label}`,
        data: { input: { ...input }, parameters: req.parameters ?? {} },
        token: grant.token,
      });
    } catch (e) {
      await lock.release(grant.token, 'recording the run failed').catch(() => false);
      throw e;
    }
    this.deps.logger.info('Run recorded; starting the pipeline', { runId, input: input.path });
    return publicRun(await this.deps.trigger.trigger(row));
  }

  /** Asks Fabric to cancel; the status becomes Cancelled when Fabric reports it. */
  async cancel(runId: string): Promise<Run> {
    const run = await this.deps.runs.require(runId);
    if (isTerminal(run.status)) {
      throw new AppError(
        'CONFLICT',
        `Run ${runId} has already ended (${run.status}); there is nothing to cancel.`,
      );
    }
    if (run.jobInstanceId === null) {
      throw new AppError(
        'CONFLICT',
        `Run ${runId} has no Fabric job yet (status ${run.status}), so it cannot be cancelled in Fabric.`,
        'Wait a moment: the job is attached or the run is marked Lost shortly.',
      );
    }
    await this.deps.fabric.jobs.cancelJob(run.jobInstanceId);
    await this.deps.lock.appendEvent({
      runId,
      kind: 'cancel_requested',
      message: `Cancellation requested by ${this.deps.identity.label}`,
      data: { jobInstanceId: run.jobInstanceId },
    });
    return publicRun(await this.deps.runs.require(runId));
  }

  async forceRelease(
    reason: string,
  ): Promise<{ released: boolean; previousHolderLabel: string | null; previousRunId: string | null }> {
    const result = await this.deps.lock.forceRelease({ reason, actor: this.deps.identity.actor });
    this.deps.logger.warn('Run lock force-released', { reason, previous: result.previousHolderLabel });
    return result;
  }

  async get(runId: string): Promise<Run> {
    return publicRun(await this.deps.runs.require(runId));
  }

  async list(query: RunListQuery): Promise<RunList> {
    const { runs, total } = await this.deps.runs.list(query);
    return { runs: runs.map(publicRun), total, limit: query.limit, offset: query.offset };
  }

  async events(runId: string, limit = 500): Promise<RunEvent[]> {
    await this.deps.runs.require(runId);
    return this.deps.runs.events(runId, limit);
  }

  async stats(limit = 50, excludeRunId: string | null = null): Promise<RunStats> {
    return this.deps.runs.completedStats(limit, excludeRunId);
  }

  async lockStatus(): Promise<LockStatus> {
    return toLockStatus(await this.deps.lock.show());
  }
}
