/**
 * The run lock as the header shows it. `unknown` until the run-tracking service reports it; a held lock
 * says who holds it, for which run, since when (ISO timestamp).
 */
export type LockStatus =
  { state: 'unknown' } | { state: 'free' } | { state: 'held'; holder: string; runId: string; since: string };
