import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Kpis } from '../../../src/shared/artifacts';

// The Results page's KPI cards against a run's kpis.json, as the current results or as an opened bundle.

export const money = (n: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const kpiValue = (page: Page, id: string): Promise<string | null> =>
  page.getByTestId(`kpi-value-${id}`).textContent();

/** Revenue, orders, units, valid, rejected and duplicates cards show kpis.json's numbers, formatted. */
export async function expectKpiCards(page: Page, kpis: Kpis): Promise<void> {
  const value = (id: string) => kpiValue(page, id);
  await expect(value('revenue')).resolves.toBe(money(kpis.total_revenue));
  await expect(value('orders')).resolves.toBe(kpis.order_count.toLocaleString('en-US'));
  await expect(value('units')).resolves.toBe(kpis.units_sold.toLocaleString('en-US'));
  await expect(value('valid')).resolves.toBe(kpis.rows_valid.toLocaleString('en-US'));
  await expect(value('rejected')).resolves.toBe(kpis.rows_rejected.toLocaleString('en-US'));
  await expect(value('duplicates')).resolves.toBe(kpis.duplicates_removed.toLocaleString('en-US'));
}
