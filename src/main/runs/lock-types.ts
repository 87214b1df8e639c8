/** Every status a pipeline_runs row can have: the portal's own before Fabric knows the run, then Fabric's. */
export const RUN_STATUSES = [
  'requested',
  'triggering',
  'NotStarted',
  'InProgress',
  'Completed',
  'Failed',
  'Cancelled',
  'Deduped',
  'Lost',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Who is acting, as the client claims it; the database cannot verify a name shared by all laptops. */
export interface ClaimedActor {
  actor: string;
  host: string;
}

export interface LockHolder {
  holderLabel: string;
  runId: string | null;
  acquiredAt: Date;
  leaseUntil: Date;
}

export type LockAcquireResult = { token: number; leaseUntil: Date } | { heldBy: LockHolder };

export interface MonitorHolder {
  holderId: string;
  holderLabel: string;
  runId: string | null;
  leaseUntil: Date;
}

export type MonitorAcquireResult = { token: number; leaseUntil: Date } | { heldBy: MonitorHolder };

export interface LockState {
  /** grows on every grant and never falls back; 0 before the first grant */
  fencingToken: number;
  holder: (LockHolder & { holderId: string; heartbeatAt: Date }) | null;
  /** true when a holder exists but its lease ran out: the next acquire will take the lock over */
  lapsed: boolean;
  monitor: (MonitorHolder & { token: number }) | null;
  /** database time of this reading, to compare leases against without trusting the laptop clock */
  now: Date;
}

export interface RunEventInput {
  runId: string | null;
  kind: string;
  fromStatus?: RunStatus | null;
  toStatus?: RunStatus | null;
  message?: string | null;
  data?: Record<string, unknown> | null;
  /** the lock token when written by the holder: a stale token makes the write fail with LOCKED */
  token?: number | null;
}

export interface TransitionDetail {
  message?: string;
  data?: Record<string, unknown>;
  /** Fabric's start and end of the job (startTimeUtc/endTimeUtc) when known: a run seen only after it
   * ended still gets its real start; otherwise the database's clock at the transition is used */
  fabricStartedAt?: Date | null;
  fabricFinishedAt?: Date | null;
}
