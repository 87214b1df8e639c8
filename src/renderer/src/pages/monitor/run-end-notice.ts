import type { Run, RunStatusValue } from '../../../../shared/contract/runs';
import { isTerminal } from '../../stores/run-status';
import { failureAdvice } from './failure-advice';

export interface RunEndNotice {
  runId: string;
  title: string;
  body: string;
}

/**
 * Decides whether a run change is a run ending that the user should hear about: an active status seen before
 * and a terminal one now. Runs first seen already finished (opening the app later) do not notify.
 */
export function runEndNotice(previous: RunStatusValue | undefined, run: Run): RunEndNotice | null {
  if (previous === undefined || isTerminal(previous) || !isTerminal(run.status)) return null;
  const what = run.inputName;
  switch (run.status) {
    case 'Completed':
      return { runId: run.runId, title: 'Run completed', body: `${what}: the results are ready.` };
    case 'Cancelled':
      return { runId: run.runId, title: 'Run cancelled', body: `${what} was cancelled.` };
    default: {
      const advice = failureAdvice(run);
      return {
        runId: run.runId,
        title: run.status === 'Failed' ? 'Run failed' : `Run ${run.status.toLowerCase()}`,
        body: `${what}: ${advice?.title ?? run.status}.`,
      };
    }
  }
}
