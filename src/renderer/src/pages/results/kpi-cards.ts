import type { Kpis } from '../../../../shared/artifacts';

/** One KPI card: its value now and the change against the previous successful run. */
export interface KpiCard {
  id: string;
  label: string;
  value: string;
  /** null when there is no previous run or either value is missing */
  delta: KpiDelta | null;
  /** why there is no delta, said on the card instead of one */
  noDelta: string | null;
  /** a rise is good news (revenue) or bad news (rejected rows) */
  higherIsBetter: boolean;
}

export interface KpiDelta {
  direction: 'up' | 'down' | 'same';
  /** e.g. "+1,234.50" */
  absolute: string;
  /** e.g. "+3.2 %", or null when the previous value was 0 */
  percent: string | null;
  /** what it means for the analyst: better, worse or unchanged */
  tone: 'good' | 'bad' | 'neutral';
  /** full sentence for screen readers and the tooltip */
  description: string;
}

interface Spec {
  id: string;
  label: string;
  pick: (k: Kpis) => number | null;
  format: (n: number) => string;
  higherIsBetter: boolean;
  /** margin % changes in percentage points, not percent of percent */
  points?: boolean;
}

const money = (n: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const pct = (n: number): string => `${n.toFixed(2)} %`;
/** a change in percent, grouped like the values ("+1,215,870.2 %"), as the Archive's comparison shows it */
const percentOf = (n: number): string =>
  `${n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;

const SPECS: Spec[] = [
  {
    id: 'revenue',
    label: 'Total revenue',
    pick: (k) => k.total_revenue,
    format: money,
    higherIsBetter: true,
  },
  { id: 'orders', label: 'Orders', pick: (k) => k.order_count, format: count, higherIsBetter: true },
  { id: 'units', label: 'Units sold', pick: (k) => k.units_sold, format: count, higherIsBetter: true },
  {
    id: 'aov',
    label: 'Average order value',
    pick: (k) => k.avg_order_value,
    format: money,
    higherIsBetter: true,
  },
  { id: 'margin', label: 'Gross margin', pick: (k) => k.gross_margin, format: money, higherIsBetter: true },
  {
    id: 'marginPct',
    label: 'Margin %',
    pick: (k) => k.margin_pct,
    format: pct,
    higherIsBetter: true,
    points: true,
  },
  { id: 'valid', label: 'Rows valid', pick: (k) => k.rows_valid, format: count, higherIsBetter: true },
  {
    id: 'rejected',
    label: 'Rows rejected',
    pick: (k) => k.rows_rejected,
    format: count,
    higherIsBetter: false,
  },
  {
    id: 'duplicates',
    label: 'Duplicates removed',
    pick: (k) => k.duplicates_removed,
    format: count,
    higherIsBetter: false,
  },
];

const signed = (n: number, format: (n: number) => string): string =>
  n > 0 ? `+${format(n)}` : n < 0 ? `−${format(-n)}` : format(0);

export function kpiDelta(
  label: string,
  now: number | null,
  before: number | null,
  spec: Pick<Spec, 'format' | 'higherIsBetter' | 'points'>,
): KpiDelta | null {
  if (now === null || before === null) return null;
  // Rounded to cents first so float noise (0.1 + 0.2) never shows as a change.
  const diff = Math.round((now - before) * 100) / 100;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'same';
  const absolute = spec.points ? `${signed(diff, (n) => n.toFixed(2))} pts` : signed(diff, spec.format);
  const percent = spec.points || before === 0 ? null : signed((diff / Math.abs(before)) * 100, percentOf);
  const tone =
    direction === 'same' ? 'neutral' : (direction === 'up') === spec.higherIsBetter ? 'good' : 'bad';
  const change =
    direction === 'same'
      ? 'unchanged'
      : `${direction === 'up' ? 'up' : 'down'} ${absolute}${percent ? ` (${percent})` : ''}`;
  return {
    direction,
    absolute,
    percent,
    tone,
    description: `${label} ${change} against the previous successful run (${spec.format(before)}).`,
  };
}

/** The KPI cards of a run, each compared with the previous successful run when there is one. */
export function kpiCards(kpis: Kpis, previous: Kpis | null): KpiCard[] {
  return SPECS.map((s) => {
    const now = s.pick(kpis);
    const before = previous ? s.pick(previous) : null;
    return {
      id: s.id,
      label: s.label,
      value: now === null ? '—' : s.format(now),
      delta: previous ? kpiDelta(s.label, now, before, s) : null,
      noDelta: !previous
        ? 'No previous run to compare'
        : now === null
          ? 'Not computed for this run'
          : before === null
            ? 'Not computed for the previous run'
            : null,
      higherIsBetter: s.higherIsBetter,
    };
  });
}

export const formatMoney = money;
export const formatCount = count;
