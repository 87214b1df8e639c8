import type { Run, RunEvent, RunStatusValue } from '../../../../shared/contract/runs';

export type StepState = 'done' | 'current' | 'pending' | 'skipped' | 'not-reached';

export interface TimelineStep {
  key: string;
  label: string;
  status: RunStatusValue | null;
  /** when the run reached this step (database time, ISO) */
  at: string | null;
  /** time spent in this step: until the next reached step, or until now for the current one */
  durationMs: number | null;
  state: StepState;
}

const STAGES: readonly { status: RunStatusValue; label: string }[] = [
  { status: 'requested', label: 'Requested' },
  { status: 'triggering', label: 'Starting in Fabric' },
  { status: 'NotStarted', label: 'Queued in Fabric' },
  { status: 'InProgress', label: 'Running' },
];

const END_LABEL: Partial<Record<RunStatusValue, string>> = {
  Completed: 'Completed',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
  Deduped: 'Skipped (duplicate)',
  Lost: 'Lost',
};

const ORDER: Record<RunStatusValue, number> = {
  requested: 0,
  triggering: 1,
  NotStarted: 2,
  InProgress: 3,
  Completed: 4,
  Failed: 4,
  Cancelled: 4,
  Deduped: 4,
  Lost: 4,
};

/**
 * The run's way through requested → triggering → NotStarted → InProgress → end, with when each step was
 * reached (from the status_changed audit events; a run is recorded straight into `triggering`) and how long
 * it lasted. Steps Fabric skipped (a first poll that already says InProgress) are marked as such.
 */
export function buildTimeline(run: Run, events: readonly RunEvent[], nowMs: number): TimelineStep[] {
  const reached = new Map<string, string>();
  reached.set('requested', run.createdAt);
  reached.set('triggering', run.createdAt);
  for (const e of events) {
    if (e.kind !== 'status_changed' || e.toStatus === null) continue;
    if (!reached.has(e.toStatus)) reached.set(e.toStatus, e.at);
  }
  const ended = END_LABEL[run.status] !== undefined;
  if (ended && !reached.has(run.status)) reached.set(run.status, run.finishedAt ?? run.statusChangedAt);
  if (run.status === 'InProgress' && !reached.has('InProgress'))
    reached.set('InProgress', run.startedAt ?? run.statusChangedAt);
  if (run.status === 'NotStarted' && !reached.has('NotStarted'))
    reached.set('NotStarted', run.statusChangedAt);

  // The furthest step before the end that the run reached: earlier steps without a time were skipped by
  // Fabric; later ones were never reached (a run lost before Fabric had it) or are still to come.
  const furthest = Math.max(...STAGES.filter((s) => reached.has(s.status)).map((s) => ORDER[s.status]));
  const steps: TimelineStep[] = STAGES.map(({ status, label }) => {
    const at = reached.get(status) ?? null;
    const order = ORDER[status];
    let state: StepState;
    if (status === run.status) state = 'current';
    else if (at !== null) state = 'done';
    else if (order < furthest) state = 'skipped';
    else state = ended ? 'not-reached' : 'pending';
    return { key: status, label, status, at, durationMs: null, state };
  });
  steps.push(
    ended
      ? {
          key: 'end',
          label: END_LABEL[run.status] ?? run.status,
          status: run.status,
          at: reached.get(run.status) ?? null,
          durationMs: null,
          state: 'done',
        }
      : {
          key: 'end',
          label: 'Completed, failed or cancelled',
          status: null,
          at: null,
          durationMs: null,
          state: 'pending',
        },
  );

  // Each reached step lasts until the next reached one; the current (unfinished) step until now.
  const reachedSteps = steps.filter((s) => s.at !== null);
  reachedSteps.forEach((s, i) => {
    const next = reachedSteps[i + 1];
    if (next?.at) s.durationMs = Math.max(0, Date.parse(next.at) - Date.parse(s.at ?? ''));
    else if (!ended) s.durationMs = Math.max(0, nowMs - Date.parse(s.at ?? ''));
  });
  return steps;
}
