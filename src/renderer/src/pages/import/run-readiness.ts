import type { LockStatus } from '../../stores/lock-status';
import type { Inspection } from '../../stores/import';

export type Readiness =
  | { ok: true; note: string | null }
  | { ok: false; reason: string; kind: 'locked' | 'invalid' | 'offline' | 'none' };

/**
 * Whether "Run pipeline" may start a run on the selected workbook, and if not, the sentence that says why.
 * A lapsed lock is no obstacle: the next start takes it over. While the inspection is still reading, the
 * run may start (main checks the file again), but the page says the check is not finished.
 */
export function runReadiness(inspection: Inspection | null, lock: LockStatus): Readiness {
  if (inspection === null) return { ok: false, kind: 'none', reason: 'Select a workbook to run it.' };
  if (lock.state === 'held' && !lock.lapsed) {
    return {
      ok: false,
      kind: 'locked',
      reason: `${lock.holder} is running the pipeline (run ${lock.runId.slice(0, 8)}); one run at a time.`,
    };
  }
  if (inspection.phase === 'error' && inspection.error) {
    return {
      ok: false,
      kind: 'invalid',
      reason: 'This workbook cannot be run: it cannot be read (see below).',
    };
  }
  const missing = inspection.result?.missingRequired ?? inspection.preview?.missingRequired ?? [];
  if (missing.length > 0) {
    return {
      ok: false,
      kind: 'invalid',
      reason: `This workbook cannot be run: required column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`,
    };
  }
  if (inspection.phase !== 'done') return { ok: true, note: 'The full check is still reading rows.' };
  return { ok: true, note: null };
}
