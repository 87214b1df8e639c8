import type { RunStatusValue } from '../../../shared/contract/runs';

// Mirrors TERMINAL_RUN_STATUSES of the contract: importing that value would bring zod (the contract's
// schemas) into the renderer bundle. The Record type makes the compiler flag a status added there.
const IS_TERMINAL: Record<RunStatusValue, boolean> = {
  requested: false,
  triggering: false,
  NotStarted: false,
  InProgress: false,
  Completed: true,
  Failed: true,
  Cancelled: true,
  Deduped: true,
  Lost: true,
};

export const isTerminal = (status: RunStatusValue): boolean => IS_TERMINAL[status];
