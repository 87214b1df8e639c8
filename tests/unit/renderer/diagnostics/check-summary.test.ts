import { describe, expect, it } from 'vitest';
import type { CheckStatus, DiagnosticCheck } from '../../../../src/shared/contract/diagnostics';
import { checkSummary } from '../../../../src/renderer/src/pages/diagnostics/check-summary';

const checks = (...statuses: CheckStatus[]): DiagnosticCheck[] =>
  statuses.map((status) => ({ id: 'token', title: 't', status, message: 'm', durationMs: 1 }));

describe('checkSummary', () => {
  it('says all passed only when every check passed', () => {
    expect(checkSummary(checks('ok', 'ok'))).toEqual({ text: 'All 2 checks passed', worst: 'ok' });
  });
  it('puts failures first and takes the worst status', () => {
    expect(checkSummary(checks('ok', 'warning', 'error', 'error'))).toEqual({
      text: '2 failed, 1 needs attention, 1 passed',
      worst: 'error',
    });
    expect(checkSummary(checks('warning', 'warning', 'skipped'))).toEqual({
      text: '2 need attention, 1 skipped',
      worst: 'warning',
    });
  });
  it('has words for no checks at all', () => {
    expect(checkSummary([])).toEqual({ text: 'No checks', worst: 'skipped' });
  });
});
