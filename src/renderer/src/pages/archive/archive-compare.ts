import type { Kpis } from '../../../../shared/artifacts';
import type { RunDetail } from '../../../../shared/contract/archive';

// Comparing runs: KPI differences against a base run, and the recorded reasons two runs can differ.

export type KpiKey =
  | 'rows_in'
  | 'duplicates_removed'
  | 'rows_rejected'
  | 'rows_valid'
  | 'total_revenue'
  | 'order_count'
  | 'units_sold'
  | 'avg_order_value'
  | 'gross_margin'
  | 'margin_pct';

export type KpiFormat = 'count' | 'money' | 'percent';

/** Which direction of change is good news: more rejected rows is not. */
export type KpiBetter = 'higher' | 'lower' | 'either';

export const KPI_FIELDS: readonly { key: KpiKey; label: string; format: KpiFormat; better: KpiBetter }[] = [
  { key: 'total_revenue', label: 'Total revenue', format: 'money', better: 'higher' },
  { key: 'order_count', label: 'Orders', format: 'count', better: 'higher' },
  { key: 'units_sold', label: 'Units sold', format: 'count', better: 'higher' },
  { key: 'avg_order_value', label: 'Average order value', format: 'money', better: 'higher' },
  { key: 'gross_margin', label: 'Gross margin', format: 'money', better: 'higher' },
  { key: 'margin_pct', label: 'Margin %', format: 'percent', better: 'higher' },
  { key: 'rows_in', label: 'Rows read', format: 'count', better: 'either' },
  { key: 'rows_valid', label: 'Valid rows', format: 'count', better: 'higher' },
  { key: 'rows_rejected', label: 'Rejected rows', format: 'count', better: 'lower' },
  { key: 'duplicates_removed', label: 'Duplicates removed', format: 'count', better: 'lower' },
];

export type DeltaTone = 'good' | 'bad' | 'neutral' | 'none';

/** Whether a difference is good news, bad news, just a difference (rows read) or none at all. */
export function deltaTone(abs: number | undefined, better: KpiBetter): DeltaTone {
  if (abs === undefined || abs === 0) return 'none';
  if (better === 'either') return 'neutral';
  return abs > 0 === (better === 'higher') ? 'good' : 'bad';
}

export interface Delta {
  abs: number;
  /** null when the base is 0 (a percentage of nothing says nothing) */
  pct: number | null;
}

export interface KpiComparisonRow {
  key: KpiKey;
  label: string;
  format: KpiFormat;
  better: KpiBetter;
  /** one value per run, in the runs' order; null when the run has no KPIs or the KPI is not defined */
  values: (number | null)[];
  /** per run, the difference to the base (first) run; null for the base and where either value is null */
  deltas: (Delta | null)[];
  differs: boolean;
}

/** Money rounds to cents before subtracting, so 0.1 + 0.2 noise never shows as a difference. */
export function delta(base: number | null, value: number | null, format: KpiFormat): Delta | null {
  if (base === null || value === null) return null;
  const round = (n: number): number => (format === 'count' ? n : Math.round(n * 100) / 100);
  const abs = round(round(value) - round(base));
  const pct = base === 0 ? null : Math.round((abs / Math.abs(base)) * 10_000) / 100;
  return { abs: Object.is(abs, -0) ? 0 : abs, pct: pct !== null && Object.is(pct, -0) ? 0 : pct };
}

export function compareKpis(kpis: readonly (Kpis | null)[]): KpiComparisonRow[] {
  const base = kpis[0] ?? null;
  return KPI_FIELDS.map(({ key, label, format, better }) => {
    const values = kpis.map((k) => (k ? k[key] : null));
    const baseValue = base ? base[key] : null;
    const deltas = values.map((v, i) => (i === 0 ? null : delta(baseValue, v, format)));
    const differs =
      deltas.some((d) => d !== null && d.abs !== 0) ||
      values.some((v) => (v === null) !== (baseValue === null));
    return { key, label, format, better, values, deltas, differs };
  });
}

export interface DifferenceReason {
  kind: 'input' | 'parameters' | 'rules' | 'kpis-missing';
  /** which run (by index into the compared runs) the reason is about, compared with the base */
  runIndex: number;
  text: string;
}

const short = (runId: string): string => runId.slice(0, 8);

/**
 * Why each run may differ from the base (first) run, from what was recorded: the input workbook (name and
 * sha256), the parameters, and the rejection counts per rule. An empty list means the recorded inputs are
 * identical.
 */
export function differenceReasons(details: readonly RunDetail[]): DifferenceReason[] {
  const [base, ...rest] = details;
  if (!base) return [];
  const reasons: DifferenceReason[] = [];
  rest.forEach((d, i) => {
    const runIndex = i + 1;
    const who = `Run ${short(d.run.runId)}`;
    const a = base.run;
    const b = d.run;
    if (a.inputPath !== b.inputPath) {
      reasons.push({
        kind: 'input',
        runIndex,
        text: `${who} read ${b.inputName} instead of ${a.inputName}.`,
      });
    } else if (a.inputSha256 !== b.inputSha256) {
      const size =
        a.inputSize !== null && b.inputSize !== null && a.inputSize !== b.inputSize
          ? ` (${a.inputSize.toLocaleString()} → ${b.inputSize.toLocaleString()} bytes)`
          : '';
      reasons.push({
        kind: 'input',
        runIndex,
        text: `${who} read a different version of ${b.inputName}: its content (sha256) changed${size}.`,
      });
    }
    const keys = [...new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)])].sort();
    for (const k of keys) {
      const from = a.parameters[k];
      const to = b.parameters[k];
      if (from === to) continue;
      const text =
        from === undefined
          ? `${who} set parameter ${k} = "${to}".`
          : to === undefined
            ? `${who} did not set parameter ${k} (base: "${from}").`
            : `${who} changed parameter ${k} from "${from}" to "${to}".`;
      reasons.push({ kind: 'parameters', runIndex, text });
    }
    if (base.rules && d.rules) {
      const baseCounts = new Map(base.rules.map((r) => [r.id, r.count]));
      for (const r of d.rules) {
        const before = baseCounts.get(r.id) ?? 0;
        if (before === r.count) continue;
        reasons.push({
          kind: 'rules',
          runIndex,
          text: `${who}: rule ${r.id} affected ${r.count.toLocaleString()} rows (base: ${before.toLocaleString()}).`,
        });
      }
    }
    if (!d.results.kpis) {
      reasons.push({ kind: 'kpis-missing', runIndex, text: `${who} has no KPIs: ${d.results.reason}` });
    }
  });
  if (!base.results.kpis) {
    reasons.unshift({
      kind: 'kpis-missing',
      runIndex: 0,
      text: `The base run ${short(base.run.runId)} has no KPIs: ${base.results.reason}`,
    });
  }
  return reasons;
}

/** Oldest first, so the base is the earliest run and the trend reads left to right. */
export const chronological = (details: readonly RunDetail[]): RunDetail[] =>
  [...details].sort((a, b) => a.run.createdAt.localeCompare(b.run.createdAt));
