import type { Run, RunStatusValue } from '../../shared/contract/runs';
import { TERMINAL_RUN_STATUSES } from '../../shared/contract/runs';
import type { EventBus } from '../ipc/event-bus';

export interface RunEndNote {
  runId: string;
  title: string;
  body: string;
}

const ENDED: Record<string, string> = {
  Completed: 'Run completed',
  Failed: 'Run failed',
  Cancelled: 'Run cancelled',
  Deduped: 'Run skipped by Fabric',
  Lost: 'Run lost',
};

const isTerminal = (s: RunStatusValue): boolean => TERMINAL_RUN_STATUSES.includes(s);

/** The note for a run that this process saw active and now sees ended; null otherwise. */
export function runEndNote(previous: RunStatusValue | undefined, run: Run): RunEndNote | null {
  if (previous === undefined || isTerminal(previous) || !isTerminal(run.status)) return null;
  const detail =
    run.status === 'Completed'
      ? 'the results are ready.'
      : run.failure
        ? `${run.failure.message.slice(0, 180)}`
        : `Fabric reports ${run.status}.`;
  return {
    runId: run.runId,
    title: ENDED[run.status] ?? `Run ${run.status}`,
    body: `${run.inputName}: ${detail}`,
  };
}

/**
 * Shows an OS notification when a run ends, from main, so it appears with the window in the background or
 * closed to the tray, and only once per run however many windows are open. Runs first seen already ended
 * (an app opened later) are not announced.
 */
export function watchRunEnds(deps: { events: EventBus; show: (note: RunEndNote) => void }): () => void {
  const seen = new Map<string, RunStatusValue>();
  // A run recorded Lost and then found in Fabric may end twice; the same end is announced once.
  const announced = new Set<string>();
  return deps.events.on('run.changed', ({ run }) => {
    if (run === null) return;
    const note = runEndNote(seen.get(run.runId), run);
    seen.set(run.runId, run.status);
    const key = `${run.runId}:${run.status}`;
    if (note && !announced.has(key)) {
      announced.add(key);
      deps.show(note);
    }
  });
}
