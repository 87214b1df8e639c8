import type { AppErrorData } from '../shared/contract/errors';
import type { LockStatus, Run, RunEvent } from '../shared/contract/runs';

/** Where the CLI writes: with --json exactly one JSON document on stdout, otherwise text. */
export interface Out {
  json: boolean;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export function printResult(out: Out, value: unknown, text: string): void {
  if (out.json) out.stdout(`${JSON.stringify(value, null, 2)}\n`);
  else out.stdout(text.endsWith('\n') ? text : `${text}\n`);
}

export function printError(out: Out, error: AppErrorData): void {
  if (out.json) out.stdout(`${JSON.stringify({ error }, null, 2)}\n`);
  else out.stderr(`error: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}\n`);
}

export function runText(r: Run): string {
  const lines = [
    `run        ${r.runId}`,
    `status     ${r.status}${r.finishedAt ? ` (finished ${r.finishedAt})` : ''}`,
    `input      ${r.inputPath}${r.inputSize !== null ? ` (${r.inputSize} bytes)` : ''}`,
    `requested  ${r.requestedBy} at ${r.createdAt}`,
    `job        ${r.jobInstanceId ?? '-'}`,
  ];
  if (Object.keys(r.parameters).length > 0) {
    lines.push(
      `parameters ${Object.entries(r.parameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  }
  if (r.failure) lines.push(`failure    ${r.failure.code}: ${r.failure.message}`);
  if (r.hasKpis) lines.push(`kpis       copied (${r.kpisSource ?? 'unknown source'})`);
  return lines.join('\n');
}

export function runsTable(runs: readonly Run[], total: number): string {
  if (runs.length === 0) return 'No runs match.';
  const rows = runs.map((r) =>
    [r.runId, r.status.padEnd(10), r.createdAt.slice(0, 19), r.requestedBy, r.inputName].join('  '),
  );
  return [...rows, `(${runs.length} of ${total})`].join('\n');
}

export function eventsText(events: readonly RunEvent[]): string {
  return events
    .map((e) => {
      const change = e.fromStatus || e.toStatus ? ` ${e.fromStatus ?? ''} -> ${e.toStatus ?? ''}` : '';
      return `${e.at}  ${e.kind}${change}  by ${e.actor}@${e.host}${e.message ? `  ${e.message}` : ''}`;
    })
    .join('\n');
}

export function lockText(l: LockStatus): string {
  const lines = [
    l.held
      ? `held by ${l.holderLabel} for run ${l.runId ?? '-'} since ${l.acquiredAt} (lease until ${l.leaseUntil})`
      : l.lapsed
        ? `free: the lease of ${l.holderLabel} lapsed at ${l.leaseUntil}`
        : 'free',
  ];
  if (l.monitor) lines.push(`monitored by ${l.monitor.holderLabel} (lease until ${l.monitor.leaseUntil})`);
  return lines.join('\n');
}
