import type { Db } from '../db/db';
import { RunLockRepo } from '../runs/lock-repo';
import { ACTIVE_STATUSES, RunRepo } from '../runs/run-repo';
import type { CheckOutcome } from './timed-check';

/** A run still before Fabric this long after taking the lock never reached it (the trigger gives up sooner). */
export const NEVER_TRIGGERED_AFTER_MS = 10 * 60_000;

const FORCE_HINT =
  'If you are sure nobody is still starting a run, use "Force release" and give a reason; the release is audited.';

export type LockOutcome = CheckOutcome & { stuck: boolean };

/**
 * Whether the run lock is stuck: held with a lapsed lease, or held for a run that already ended, that the
 * database does not know, or that never reached Fabric. Reads only; the page offers lock.forceRelease.
 */
export async function checkLock(db: Db): Promise<LockOutcome> {
  // Reading needs no identity; the repo asks for one because it also writes audit rows.
  const lock = new RunLockRepo(db, { identity: { actor: 'diagnostics', host: 'diagnostics' } });
  const state = await lock.show();
  const h = state.holder;
  if (h === null) return { status: 'ok', stuck: false, message: 'The run lock is free.' };
  const who = `held by ${h.holderLabel}${h.runId ? ` for run ${h.runId}` : ''}`;
  if (state.lapsed) {
    return {
      status: 'warning',
      stuck: true,
      message: `The run lock is ${who}, but its lease lapsed at ${h.leaseUntil.toISOString()}: its holder stopped renewing it.`,
      hint: `The next run takes a lapsed lock over by itself. ${FORCE_HINT}`,
    };
  }
  if (h.runId === null) {
    return {
      status: 'ok',
      stuck: false,
      message: `The run lock is ${who} (lease until ${h.leaseUntil.toISOString()}).`,
    };
  }
  const run = await new RunRepo(db).get(h.runId);
  if (run === null) {
    return {
      status: 'error',
      stuck: true,
      message: `The run lock is ${who}, which is not in the database.`,
      hint: FORCE_HINT,
    };
  }
  if (!ACTIVE_STATUSES.includes(run.status)) {
    return {
      status: 'error',
      stuck: true,
      message: `The run lock is ${who}, which already ended (${run.status}).`,
      hint: FORCE_HINT,
    };
  }
  const waited = state.now.getTime() - h.acquiredAt.getTime();
  if (run.jobInstanceId === null && waited > NEVER_TRIGGERED_AFTER_MS) {
    return {
      status: 'error',
      stuck: true,
      message: `The run lock is ${who}, which never reached Fabric (still "${run.status}" after ${Math.round(waited / 60_000)} min).`,
      hint: FORCE_HINT,
    };
  }
  return {
    status: 'ok',
    stuck: false,
    message: `The run lock is ${who} (${run.status}, lease until ${h.leaseUntil.toISOString()}).`,
  };
}
