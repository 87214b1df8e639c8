import type { LockStatus as LockReading } from '../../../shared/contract/runs';

/**
 * The run lock as the header shows it. `unknown` until run tracking answers; a held lock says who holds it,
 * for which run, since when (ISO timestamp), and whether its holder stopped renewing it (`lapsed`: the next
 * start takes it over).
 */
export type LockStatus =
  | { state: 'unknown'; reason?: string }
  | { state: 'free' }
  | { state: 'held'; holder: string; runId: string; since: string; lapsed: boolean };

/** Turns main's lock reading into what the header shows. */
export function toLockStatus(reading: LockReading): LockStatus {
  if (!reading.held) return { state: 'free' };
  return {
    state: 'held',
    holder: reading.holderLabel ?? 'another analyst',
    runId: reading.runId ?? 'unknown run',
    since: reading.acquiredAt ?? reading.now,
    lapsed: reading.lapsed,
  };
}
