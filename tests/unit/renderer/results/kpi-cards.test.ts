import { describe, expect, it } from 'vitest';
import type { Kpis } from '../../../../src/shared/artifacts';
import { kpiCards, kpiDelta } from '../../../../src/renderer/src/pages/results/kpi-cards';

const base: Kpis = {
  schema_version: 1,
  run_id: 'r1',
  rows_in: 110,
  duplicates_removed: 4,
  rows_rejected: 6,
  rows_valid: 100,
  total_revenue: 1000,
  order_count: 40,
  units_sold: 300,
  avg_order_value: 25,
  gross_margin: 400,
  margin_pct: 40,
  revenue_by_region: [],
  revenue_by_category: [],
  revenue_by_month: [],
  top_products: [],
  first_order_date: null,
  last_order_date: null,
};

describe('KPI deltas', () => {
  it('gives absolute and percent change with direction and tone', () => {
    const d = kpiDelta('Total revenue', 1100, 1000, {
      format: (n) => n.toFixed(2),
      higherIsBetter: true,
    });
    expect(d).toMatchObject({ direction: 'up', absolute: '+100.00', percent: '+10.0 %', tone: 'good' });
    expect(d?.description).toBe(
      'Total revenue up +100.00 (+10.0 %) against the previous successful run (1000.00).',
    );
  });

  it('marks more rejected rows as bad news and a fall as down with a minus sign', () => {
    const cards = kpiCards({ ...base, rows_rejected: 9, total_revenue: 900 }, base);
    const rejected = cards.find((c) => c.id === 'rejected');
    expect(rejected?.delta).toMatchObject({
      direction: 'up',
      tone: 'bad',
      absolute: '+3',
      percent: '+50.0 %',
    });
    const revenue = cards.find((c) => c.id === 'revenue');
    expect(revenue?.delta).toMatchObject({
      direction: 'down',
      tone: 'bad',
      absolute: '−100.00',
      percent: '−10.0 %',
    });
  });

  it('shows margin % changes in points, no percent of a percent', () => {
    const card = kpiCards({ ...base, margin_pct: 42.5 }, base).find((c) => c.id === 'marginPct');
    expect(card?.value).toBe('42.50 %');
    expect(card?.delta).toMatchObject({ absolute: '+2.50 pts', percent: null });
  });

  it('has no percent against a zero and no delta when a value is missing', () => {
    const cards = kpiCards(
      { ...base, duplicates_removed: 2, gross_margin: null },
      { ...base, duplicates_removed: 0 },
    );
    expect(cards.find((c) => c.id === 'duplicates')?.delta).toMatchObject({ absolute: '+2', percent: null });
    expect(cards.find((c) => c.id === 'margin')).toMatchObject({
      value: '—',
      delta: null,
      noDelta: 'Not computed for this run',
    });
    const older = kpiCards(base, { ...base, gross_margin: null }).find((c) => c.id === 'margin');
    expect(older).toMatchObject({ delta: null, noDelta: 'Not computed for the previous run' });
    expect(kpiCards(base, null)[0]?.noDelta).toBe('No previous run to compare');
  });

  it('groups a large percent change like the values', () => {
    const d = kpiDelta('x', 66_902_682.47, 5_502, { format: String, higherIsBetter: true });
    expect(d?.percent).toBe('+1,215,870.2 %');
  });

  it('treats float noise as unchanged and formats thousands', () => {
    const d = kpiDelta('x', 0.1 + 0.2, 0.3, { format: String, higherIsBetter: true });
    expect(d).toMatchObject({ direction: 'same', tone: 'neutral' });
    const cards = kpiCards({ ...base, total_revenue: 1234567.891 }, null);
    expect(cards[0]).toMatchObject({ value: '1,234,567.89', delta: null });
    expect(cards.map((c) => c.id)).toEqual([
      'revenue',
      'orders',
      'units',
      'aov',
      'margin',
      'marginPct',
      'valid',
      'rejected',
      'duplicates',
    ]);
  });
});
