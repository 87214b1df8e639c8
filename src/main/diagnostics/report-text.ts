import type { DiagnosticCheck } from '../../shared/contract/diagnostics';
import type { Profile, SecretStatus } from '../../shared/contract/settings';

const MARK = { ok: 'OK  ', warning: 'WARN', error: 'FAIL', skipped: 'SKIP' } as const;

export interface ReportInput {
  appVersion: string;
  platform: string;
  profile: Profile;
  secrets: SecretStatus[];
  checks: DiagnosticCheck[];
  logProblems: string[];
  ranAt: string;
}

/** The plain-text report an analyst pastes into a ticket: settings without secrets, checks, recent problems. */
export function reportText(r: ReportInput): string {
  const lines = [
    'Fabric Data Portal diagnostics',
    `Ran at:   ${r.ranAt}`,
    `Version:  ${r.appVersion} (${r.platform})`,
    '',
    ...profileLines(r.profile, r.secrets),
    '',
    'Checks:',
  ];
  for (const c of r.checks) {
    lines.push(`  [${MARK[c.status]}] ${c.title} (${c.durationMs} ms): ${c.message}`);
    if (c.hint) lines.push(`         Fix: ${c.hint}`);
  }
  lines.push('', `Recent warnings and errors from the log (${r.logProblems.length}):`);
  if (r.logProblems.length === 0) lines.push('  none');
  for (const p of r.logProblems) lines.push(`  ${p}`);
  return lines.join('\n') + '\n';
}

function profileLines(p: Profile, secrets: SecretStatus[]): string[] {
  if (p.kind === 'demo') return [`Profile:  ${p.name} (built-in emulator and local database)`];
  const pg = p.postgres;
  return [
    `Profile:  ${p.name} (Microsoft Fabric, ${p.authMode})`,
    `  Tenant ${p.tenantId}, client ${p.clientId}`,
    `  Workspace ${p.workspaceId}, pipeline ${p.pipelineId}, lakehouse ${p.lakehouseId}`,
    `  Endpoints ${p.endpoints.authorityUrl} | ${p.endpoints.fabricApiUrl} | ${p.endpoints.onelakeUrl}` +
      (p.endpoints.caCertPath ? ` | CA ${p.endpoints.caCertPath}` : ''),
    `  PostgreSQL ${pg.user}@${pg.host}:${pg.port}/${pg.database} (ssl ${pg.sslMode})`,
    `  Secrets: ${secrets.map((s) => `${s.name} ${s.isSet ? `set (${s.storage})` : 'not set'}`).join(', ') || 'none'}`,
  ];
}
