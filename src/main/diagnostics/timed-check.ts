import { isAppError } from '../../shared/contract/errors';
import type { CheckStatus } from '../../shared/contract/diagnostics';

export interface CheckOutcome {
  status: CheckStatus;
  message: string;
  hint?: string;
}

export type TimedOutcome = CheckOutcome & { durationMs: number };

/**
 * Runs one probe and turns whatever it throws into a result line: an AppError keeps its sentence and hint
 * (e.g. Entra's AADSTS explanation), anything else becomes its message, so one failing part never hides
 * the others.
 */
export async function timed(
  probe: () => Promise<CheckOutcome>,
  now: () => number = performance.now.bind(performance),
): Promise<TimedOutcome> {
  const started = now();
  let outcome: CheckOutcome;
  try {
    outcome = await probe();
  } catch (e) {
    outcome = errorOutcome(e);
  }
  return { ...outcome, durationMs: Math.round(now() - started) };
}

export function errorOutcome(e: unknown): CheckOutcome {
  if (isAppError(e)) {
    return e.hint === undefined
      ? { status: 'error', message: e.message }
      : { status: 'error', message: e.message, hint: e.hint };
  }
  return { status: 'error', message: e instanceof Error ? e.message : String(e) };
}
