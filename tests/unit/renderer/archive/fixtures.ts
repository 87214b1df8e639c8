import type { Kpis } from '../../../../src/shared/artifacts';
import type { RunDetail } from '../../../../src/shared/contract/archive';
import type { Run } from '../../../../src/shared/contract/runs';

export function makeRun(runId: string, patch: Partial<Run> = {}): Run {
  return {
    runId,
    jobInstanceId: 'job-1',
    inputPath: 'Files/import/sales.xlsx',
    inputName: 'sales.xlsx',
    inputSize: 1000,
    inputSha256: 'a'.repeat(64),
    parameters: {},
    requestedBy: 'ann@contoso.com',
    requestedHost: 'LAPTOP-ANN',
    status: 'Completed',
    statusChangedAt: '2026-01-05T10:01:00.000Z',
    createdAt: '2026-01-05T10:00:00.000Z',
    startedAt: '2026-01-05T10:00:10.000Z',
    finishedAt: '2026-01-05T10:01:00.000Z',
    failure: null,
    kpisSource: null,
    hasKpis: true,
    ...patch,
  };
}

export function makeKpis(runId: string, patch: Partial<Kpis> = {}): Kpis {
  return {
    schema_version: 1,
    run_id: runId,
    rows_in: 1000,
    duplicates_removed: 5,
    rows_rejected: 20,
    rows_valid: 975,
    total_revenue: 100_000.1,
    order_count: 400,
    units_sold: 3000,
    avg_order_value: 250,
    gross_margin: 30_000,
    margin_pct: 30,
    revenue_by_region: [],
    revenue_by_category: [],
    revenue_by_month: [],
    top_products: [],
    first_order_date: '2026-01-01',
    last_order_date: '2026-01-31',
    ...patch,
  };
}

export function makeDetail(
  runId: string,
  patch: { run?: Partial<Run>; kpis?: Partial<Kpis> | null; rules?: RunDetail['rules'] } = {},
): RunDetail {
  const kpis = patch.kpis === null ? null : makeKpis(runId, patch.kpis);
  return {
    run: makeRun(runId, patch.run),
    results: {
      runId,
      source: kpis ? 'onelake' : 'none',
      reason: kpis ? 'Read from OneLake.' : 'No kpis.json in OneLake and no copy in the database.',
      path: null,
      kpis,
    },
    rules:
      patch.rules === undefined
        ? [rule('required_missing', 10), rule('unit_price_negative', 10)]
        : patch.rules,
    rulesReason: null,
    artifacts: [{ name: 'kpis.json', size: 900 }],
    artifactsReason: null,
    restores: [],
    isCurrent: false,
  };
}

export const rule = (id: string, count: number) => ({
  id,
  description: `${id} description`,
  severity: 'error' as const,
  count,
});
