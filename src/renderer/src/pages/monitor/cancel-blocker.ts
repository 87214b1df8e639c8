import type { Run, RunEvent } from '../../../../shared/contract/runs';
import { isTerminal } from '../../stores/run-status';

/** Why the run cannot be cancelled now, or null when it can. */
export function cancelBlocker(run: Run, events: readonly RunEvent[]): string | null {
  if (isTerminal(run.status)) return 'The run has already ended.';
  if (run.jobInstanceId === null)
    return 'Fabric has not given the job an id yet; cancelling is possible in a moment.';
  if (events.some((e) => e.kind === 'cancel_requested'))
    return 'Cancellation was requested; waiting for Fabric to confirm it.';
  return null;
}
