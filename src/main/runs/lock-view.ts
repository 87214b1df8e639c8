import type { LockStatus } from '../../shared/contract/runs';
import type { LockState } from './lock-types';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** The lock state as the contract shows it. */
export function toLockStatus(s: LockState): LockStatus {
  return {
    held: s.holder !== null && !s.lapsed,
    holderLabel: s.holder?.holderLabel ?? null,
    runId: s.holder?.runId ?? null,
    acquiredAt: iso(s.holder?.acquiredAt),
    heartbeatAt: iso(s.holder?.heartbeatAt),
    leaseUntil: iso(s.holder?.leaseUntil),
    lapsed: s.lapsed,
    fencingToken: s.fencingToken,
    monitor:
      s.monitor && s.monitor.leaseUntil.getTime() >= s.now.getTime()
        ? {
            holderLabel: s.monitor.holderLabel,
            runId: s.monitor.runId,
            leaseUntil: s.monitor.leaseUntil.toISOString(),
          }
        : null,
    now: s.now.toISOString(),
  };
}

/** "The run lock is held by anna@LAPTOP-7 for run … since …": who, for which run, since when. */
export function lockedMessage(h: {
  holderLabel: string;
  runId: string | null;
  acquiredAt: Date;
  leaseUntil: Date;
}): string {
  const run = h.runId ? `for run ${h.runId}` : 'without a run';
  return `The run lock is held by ${h.holderLabel} ${run} since ${h.acquiredAt.toISOString()} (lease until ${h.leaseUntil.toISOString()}).`;
}

export const LOCKED_HINT =
  'Wait for that run to finish (Monitor page or `portal runs show`). If its holder is gone for good, an administrator can force-release the lock with a reason.';
