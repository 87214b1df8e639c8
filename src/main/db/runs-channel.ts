/** The channel every change to runs, events, restores, the lock and the monitor lease is announced on. */
export const RUNS_CHANNEL = 'portal_runs';

export const RUNS_CHANGE_KINDS = ['run', 'event', 'restore', 'lock', 'monitor'] as const;
export type RunsChangeKind = (typeof RUNS_CHANGE_KINDS)[number];

/** What the database triggers send: which kind of row changed and for which run (null if none). */
export interface RunsChange {
  kind: RunsChangeKind;
  runId: string | null;
}

/** Parses a portal_runs payload; undefined for anything else (e.g. a NOTIFY sent by hand). */
export function parseRunsChange(payload: string): RunsChange | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, run_id: runId } = value as { kind?: unknown; run_id?: unknown };
  if (typeof kind !== 'string' || !(RUNS_CHANGE_KINDS as readonly string[]).includes(kind)) return undefined;
  if (runId !== null && typeof runId !== 'string') return undefined;
  return { kind: kind as RunsChangeKind, runId };
}
