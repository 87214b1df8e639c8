import { randomUUID } from 'node:crypto';
import type { PipelineRunRequest, PipelineRunResult } from '../main/ingest/run-pipeline';
import type { FabricError } from './fabric-errors';
import { fabricTimestamp } from './fabric-time';
import type { FaultController, JobOutcome } from './faults';
import { sleep } from './http-util';

export type JobStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Cancelled' | 'Deduped';
export const TERMINAL_STATUSES: readonly JobStatus[] = ['Completed', 'Failed', 'Cancelled', 'Deduped'];

/** A job instance as the emulator keeps it; `toWire` gives Fabric's ItemJobInstance. */
export interface JobInstance {
  id: string;
  workspaceId: string;
  itemId: string;
  jobType: string;
  invokeType: 'Manual';
  status: JobStatus;
  rootActivityId: string;
  startTimeUtc: string;
  endTimeUtc: string | null;
  failureReason: FabricError | null;
  /** executionData.parameters as sent */
  parameters: Record<string, unknown>;
  /** OwnerUserPrincipalName / OwnerUserObjectId from executionData, if sent */
  ownerUpn: string | null;
  ownerObjectId: string | null;
  /** ms since epoch, for ordering */
  createdAtMs: number;
  /** the fault outcome that replaced the engine, if any */
  injectedOutcome: JobOutcome['kind'] | null;
}

export function toWire(job: JobInstance): Record<string, unknown> {
  return {
    id: job.id,
    itemId: job.itemId,
    jobType: job.jobType,
    invokeType: job.invokeType,
    status: job.status,
    rootActivityId: job.rootActivityId,
    startTimeUtc: job.startTimeUtc,
    endTimeUtc: job.endTimeUtc,
    failureReason: job.failureReason,
  };
}

export type PipelineRunner = (req: PipelineRunRequest) => Promise<PipelineRunResult>;

export interface JobRunnerDeps {
  speed: number;
  dedupe: boolean;
  faults: FaultController;
  runPipeline: PipelineRunner;
  lakehouseDir: string;
  /** job types that run the sales pipeline */
  pipelineJobTypes: readonly string[];
}

// Base durations at speed 1; every one is divided by `speed`.
const NOT_STARTED_MS = 1000;
const INJECTED_RUN_MS = 1000;
const CANCEL_MS = 300;
const STOP_GRACE_MS = 5000;

interface Active {
  job: JobInstance;
  abort: AbortController;
  done: Promise<void>;
}

/** Owns job instances and drives each through NotStarted → InProgress → a terminal status. */
export class JobRunner {
  private readonly jobs = new Map<string, JobInstance>();
  private readonly active = new Map<string, Active>();
  private stopped = false;

  constructor(private readonly deps: JobRunnerDeps) {}

  list(itemId?: string): JobInstance[] {
    return [...this.jobs.values()]
      .filter((j) => itemId === undefined || j.itemId === itemId)
      .sort((a, b) => b.createdAtMs - a.createdAtMs);
  }

  get(id: string): JobInstance | undefined {
    return this.jobs.get(id);
  }

  create(input: {
    workspaceId: string;
    itemId: string;
    jobType: string;
    parameters: Record<string, unknown>;
    ownerUpn: string | null;
    ownerObjectId: string | null;
  }): JobInstance {
    const outcome = this.deps.faults.takeJobOutcome();
    const job: JobInstance = {
      id: randomUUID(),
      workspaceId: input.workspaceId,
      itemId: input.itemId,
      jobType: input.jobType,
      invokeType: 'Manual',
      status: 'NotStarted',
      rootActivityId: randomUUID(),
      startTimeUtc: fabricTimestamp(),
      endTimeUtc: null,
      failureReason: null,
      parameters: input.parameters,
      ownerUpn: input.ownerUpn,
      ownerObjectId: input.ownerObjectId,
      createdAtMs: Date.now(),
      injectedOutcome: outcome?.kind ?? null,
    };
    const duplicate = this.deps.dedupe && [...this.active.values()].some((a) => a.job.itemId === job.itemId);
    this.jobs.set(job.id, job);
    if (duplicate) {
      this.finish(job, 'Deduped');
      return job;
    }
    const abort = new AbortController();
    const entry: Active = { job, abort, done: Promise.resolve() };
    this.active.set(job.id, entry);
    entry.done = this.drive(job, outcome, abort.signal).finally(() => this.active.delete(job.id));
    return job;
  }

  /** 'accepted' when cancellation started, 'terminal' when the job had already ended. */
  cancel(id: string): 'accepted' | 'terminal' | 'notfound' {
    const job = this.jobs.get(id);
    if (!job) return 'notfound';
    const entry = this.active.get(id);
    if (!entry || TERMINAL_STATUSES.includes(job.status)) return 'terminal';
    entry.abort.abort(new Error('cancelled by request'));
    return 'accepted';
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const running = [...this.active.values()];
    for (const a of running) a.abort.abort(new Error('emulator stopping'));
    await Promise.race([Promise.allSettled(running.map((a) => a.done)), sleep(STOP_GRACE_MS)]);
  }

  private ms(base: number): number {
    return base / this.deps.speed;
  }

  private async drive(job: JobInstance, outcome: JobOutcome | undefined, signal: AbortSignal): Promise<void> {
    await sleep(this.ms(NOT_STARTED_MS), signal);
    if (signal.aborted) return this.cancelled(job);
    job.status = 'InProgress';
    if (outcome) return this.driveInjected(job, outcome, signal);
    if (!this.deps.pipelineJobTypes.includes(job.jobType)) {
      // Non-pipeline job types have nothing to execute here: they complete after a short run.
      return this.driveInjected(job, { kind: 'complete' }, signal);
    }
    let result: PipelineRunResult | undefined;
    let thrown: unknown;
    try {
      result = await this.deps.runPipeline(this.pipelineRequest(job, signal));
    } catch (err) {
      thrown = err;
    }
    if (signal.aborted) return this.cancelled(job);
    if (result?.status === 'succeeded') return this.finish(job, 'Completed');
    const failure: FabricError = result
      ? {
          requestId: randomUUID(),
          errorCode: result.error?.code ?? 'JobInstanceStatusFailed',
          message: result.error?.message ?? 'The pipeline run failed without an error detail.',
        }
      : {
          requestId: randomUUID(),
          errorCode: 'JobInstanceStatusFailed',
          message: `The pipeline run failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
        };
    this.finish(job, 'Failed', failure);
  }

  private async driveInjected(job: JobInstance, outcome: JobOutcome, signal: AbortSignal): Promise<void> {
    if (outcome.kind === 'hang') {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      return this.cancelled(job);
    }
    await sleep(this.ms(INJECTED_RUN_MS), signal);
    if (signal.aborted) return this.cancelled(job);
    if (outcome.kind === 'complete') return this.finish(job, 'Completed');
    if (outcome.kind === 'cancelled') return this.finish(job, 'Cancelled');
    this.finish(job, 'Failed', {
      requestId: randomUUID(),
      errorCode: outcome.errorCode,
      message: outcome.message,
    });
  }

  private async cancelled(job: JobInstance): Promise<void> {
    if (!this.stopped) await sleep(this.ms(CANCEL_MS));
    this.finish(job, 'Cancelled');
  }

  private finish(job: JobInstance, status: JobStatus, failure: FabricError | null = null): void {
    job.status = status;
    job.endTimeUtc = fabricTimestamp();
    job.failureReason = failure;
  }

  private pipelineRequest(job: JobInstance, signal: AbortSignal): PipelineRunRequest {
    const parameters: Record<string, string> = {};
    for (const [k, v] of Object.entries(job.parameters)) {
      parameters[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    return {
      lakehouseDir: this.deps.lakehouseDir,
      inputPath: parameters.input_path ?? '',
      runId: parameters.run_id ?? job.id,
      parameters,
      requestedBy: parameters.requested_by ?? job.ownerUpn ?? null,
      signal,
    };
  }
}
