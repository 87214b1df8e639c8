import type { CheckStatus, DiagnosticCheck } from '../../../../shared/contract/diagnostics';

/** "All 6 checks passed" or "1 failed, 1 needs attention, 4 passed": the worst news first. */
export function checkSummary(checks: readonly DiagnosticCheck[]): { text: string; worst: CheckStatus } {
  const count = (s: CheckStatus): number => checks.filter((c) => c.status === s).length;
  const failed = count('error');
  const warned = count('warning');
  const passed = count('ok');
  const worst: CheckStatus = failed > 0 ? 'error' : warned > 0 ? 'warning' : passed > 0 ? 'ok' : 'skipped';
  if (checks.length > 0 && passed === checks.length) {
    return { text: `All ${checks.length} checks passed`, worst };
  }
  const parts = [
    failed > 0 ? `${failed} failed` : '',
    warned > 0 ? `${warned} need${warned === 1 ? 's' : ''} attention` : '',
    passed > 0 ? `${passed} passed` : '',
    count('skipped') > 0 ? `${count('skipped')} skipped` : '',
  ].filter((p) => p !== '');
  return { text: parts.join(', ') || 'No checks', worst };
}
