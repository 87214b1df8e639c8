import { describe, expect, it } from 'vitest';
import { RUN_STATUS_VALUES, TERMINAL_RUN_STATUSES } from '../../../src/shared/contract/runs';
import { isTerminal } from '../../../src/renderer/src/stores/run-status';

describe('renderer run-status mirror', () => {
  it('agrees with the contract on which statuses are terminal', () => {
    for (const status of RUN_STATUS_VALUES)
      expect(isTerminal(status), status).toBe(TERMINAL_RUN_STATUSES.includes(status));
  });
});
