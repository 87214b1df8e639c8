import type { Health } from '../../../../shared/contract/app';
import type { LockStatus, Run } from '../../../../shared/contract/runs';

export interface WaitingReason {
  key: string;
  tone: 'info' | 'warning';
  title: string;
  detail: string;
}

/**
 * Why an active run is not (visibly) moving: where it waits (portal, Fabric's queue), whether Fabric is
 * throttling or unreachable (the monitor then backs off, honouring Retry-After), and who is following it in
 * Fabric (the monitor lease), or that nobody is. Empty for a finished run.
 */
export function waitingReasons(
  run: Run,
  lock: LockStatus | null,
  fabric: Health['fabric'] | null,
  nowMs: number,
): WaitingReason[] {
  const reasons: WaitingReason[] = [];
  const active = ['requested', 'triggering', 'NotStarted', 'InProgress'].includes(run.status);
  if (!active) return reasons;

  if (run.status === 'requested' || run.status === 'triggering') {
    reasons.push(
      run.jobInstanceId === null
        ? {
            key: 'triggering',
            tone: 'info',
            title: 'Starting the pipeline in Fabric',
            detail:
              'The portal has asked Fabric to start the pipeline and waits for the job id. If Fabric does not answer, the run is matched against Fabric’s job list or marked Lost; it is never started twice.',
          }
        : {
            key: 'attached',
            tone: 'info',
            title: 'Fabric accepted the job',
            detail: 'Waiting for Fabric’s first status report.',
          },
    );
  }
  if (run.status === 'NotStarted') {
    reasons.push({
      key: 'queued',
      tone: 'info',
      title: 'Queued in Fabric',
      detail:
        'Fabric has accepted the job but not started it yet: the capacity is starting up or busy with other work. Nothing to do; it starts by itself.',
    });
  }
  if (fabric && (fabric.status === 'degraded' || fabric.status === 'down')) {
    const throttled = /429|throttl|too many|retry-after/i.test(fabric.message);
    reasons.push({
      key: 'fabric',
      tone: 'warning',
      title: throttled ? 'Fabric is throttling status checks' : 'Fabric is not answering',
      detail: `${fabric.message} The portal keeps asking, waiting as long as Fabric says (Retry-After) and backing off; the run itself goes on in Fabric.`,
    });
  }
  const monitor = lock?.monitor ?? null;
  if (monitor && monitor.runId === run.runId) {
    const lapsed = Date.parse(monitor.leaseUntil) < nowMs;
    reasons.push(
      lapsed
        ? {
            key: 'monitor-lapsed',
            tone: 'warning',
            title: `${monitor.holderLabel} stopped following this run`,
            detail:
              'Its monitor lease ran out (laptop asleep or closed). The next open portal takes over within seconds and records what Fabric reports.',
          }
        : {
            key: 'monitor',
            tone: 'info',
            title: `Followed in Fabric by ${monitor.holderLabel}`,
            detail:
              'One portal at a time polls Fabric for the active run and records each status for everyone; the others follow through the database.',
          },
    );
  } else if (run.jobInstanceId !== null) {
    reasons.push({
      key: 'monitor-none',
      tone: 'warning',
      title: 'No portal is following this run in Fabric right now',
      detail:
        'An open portal takes over the monitoring within seconds; statuses reported meanwhile are not lost.',
    });
  }
  return reasons;
}
