import { formatWhen } from '../../format/time';
import type { LockStatus } from '../../stores/lock-status';
import { shortId } from './archive-format';

/**
 * Why a restore would be refused right now, from the run lock the header follows; null when it may go ahead.
 * A lapsed lock is not a refusal: the restore takes it over and main still refuses while a run is active.
 */
export function blockedReason(lock: LockStatus, now: Date = new Date()): string | null {
  if (lock.state !== 'held' || lock.lapsed) return null;
  return `Run ${shortId(lock.runId)} is active (lock held by ${lock.holder} since ${formatWhen(lock.since, now)}). Results cannot be restored while a run is active; try again when it has ended.`;
}
