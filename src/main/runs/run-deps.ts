import type { Clock } from '../fabric/http/clock';
import type { JobSchedulerClient } from '../fabric/jobs/job-scheduler-client';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import type { WorkbookInspector } from '../ingest/workbook-inspector';
import type { Logger } from '../log/logger';

/** Who this app is: the lock's holder id (one per install) and the label other analysts see. */
export interface RunIdentity {
  /** per-install UUID */
  holderId: string;
  /** "user@host", shown as the lock holder and recorded as requested_by */
  label: string;
  /** audit actor (the user) and host */
  actor: string;
  host: string;
}

/** The Fabric side a run needs: the Job Scheduler client and OneLake. */
export interface RunFabric {
  jobs: JobSchedulerClient;
  onelake: OneLakeClient;
  /** owner fields sent with the trigger (Fabric runs the pipeline as this user) */
  ownerUpn: string;
  ownerObjectId: string;
}

export type RunInspector = Pick<WorkbookInspector, 'preflight' | 'inspectWorkbook'>;

/** Timing of the lock, the monitor lease and polling; the defaults suit production, tests shorten them. */
export interface RunTimings {
  /** run lock lease, renewed by whoever monitors the run (default 90 s) */
  lockLeaseSec: number;
  /** monitor lease (default 20 s); another client takes over this long after the monitor vanished */
  monitorLeaseSec: number;
  /** Fabric poll interval when Fabric gives no Retry-After (default 5 s) */
  pollMs: number;
  /** how often an idle client looks for work, besides database notifications (default 10 s) */
  idleMs: number;
  /** a run in `triggering` without a job this long is reconciled (default 120 s) */
  triggerGraceSec: number;
  /** upper bound of the backoff after failed polls (default 60 s) */
  maxBackoffMs: number;
  /**
   * a run whose recorded Fabric job has answered 404 for this long after the run was requested, and is not in
   * the pipeline's job list either, is marked Lost and its lock freed (default 600 s)
   */
  lostJobGraceSec: number;
}

export const DEFAULT_RUN_TIMINGS: RunTimings = {
  lockLeaseSec: 90,
  monitorLeaseSec: 20,
  pollMs: 5_000,
  idleMs: 10_000,
  triggerGraceSec: 120,
  maxBackoffMs: 60_000,
  lostJobGraceSec: 600,
};

export interface RunServiceDeps {
  fabric: RunFabric;
  inspector: RunInspector;
  identity: RunIdentity;
  logger: Logger;
  clock?: Clock;
  timings?: Partial<RunTimings>;
  /** folder for downloaded workbooks (checked, then deleted) */
  tmpDir?: string;
}
