import type { Kpis } from '../../shared/artifacts';
import { ExactSum } from './exact-sum';
import { round2, round2OrNull } from './round';
import { compareCodePoints } from './text-order';

/** One valid, cleaned row as the KPIs need it. */
export interface KpiRow {
  orderId: string;
  /** `YYYY-MM-DD` */
  orderDate: string;
  region: string;
  category: string;
  productId: string;
  productName: string | null;
  quantity: number;
  net: number;
  unitCost: number | null;
}

export interface RowCounts {
  rows_in: number;
  duplicates_removed: number;
  rows_rejected: number;
  rows_valid: number;
}

interface ProductTotals {
  revenue: ExactSum;
  units: number;
  name: string | null;
}

function sumGroup(map: Map<string, ExactSum>): Array<{ key: string; exact: number }> {
  return [...map].map(([key, s]) => ({ key, exact: s.value() }));
}

function byRevenueThenKey(a: { key: string; exact: number }, b: { key: string; exact: number }): number {
  return b.exact - a.exact || compareCodePoints(a.key, b.key);
}

/**
 * The KPI rules of docs/data-contract.md, fed one valid row at a time (streaming, so a million rows need
 * no second pass). Sums are exact (fsum) and rounded only in result().
 */
export class KpiAccumulator {
  private readonly total = new ExactSum();
  private readonly orders = new Set<string>();
  private units = 0;
  private readonly margin = new ExactSum();
  private readonly marginRevenue = new ExactSum();
  private costRows = 0;
  private readonly regions = new Map<string, ExactSum>();
  private readonly categories = new Map<string, ExactSum>();
  private readonly months = new Map<string, ExactSum>();
  private readonly products = new Map<string, ProductTotals>();
  private first: string | null = null;
  private last: string | null = null;

  add(row: KpiRow): void {
    this.total.add(row.net);
    this.orders.add(row.orderId);
    this.units += row.quantity;
    if (row.unitCost !== null) {
      this.costRows++;
      this.margin.add(row.net - row.quantity * row.unitCost);
      this.marginRevenue.add(row.net);
    }
    addTo(this.regions, row.region, row.net);
    addTo(this.categories, row.category, row.net);
    addTo(this.months, row.orderDate.slice(0, 7), row.net);
    let p = this.products.get(row.productId);
    if (!p) {
      p = { revenue: new ExactSum(), units: 0, name: null };
      this.products.set(row.productId, p);
    }
    p.revenue.add(row.net);
    p.units += row.quantity;
    if (p.name === null && row.productName !== null) p.name = row.productName;
    if (this.first === null || row.orderDate < this.first) this.first = row.orderDate;
    if (this.last === null || row.orderDate > this.last) this.last = row.orderDate;
  }

  result(runId: string, counts: RowCounts): Kpis {
    const total = this.total.value();
    const orderCount = this.orders.size;
    let grossMargin: number | null = null;
    let marginPct: number | null = null;
    if (this.costRows > 0) {
      grossMargin = this.margin.value();
      const revenue = this.marginRevenue.value();
      marginPct = revenue === 0 ? null : (100 * grossMargin) / revenue;
    }
    const products = [...this.products].map(([key, p]) => ({ key, exact: p.revenue.value(), p }));
    products.sort(byRevenueThenKey);
    return {
      schema_version: 1,
      run_id: runId,
      ...counts,
      total_revenue: round2(total),
      order_count: orderCount,
      units_sold: this.units,
      avg_order_value: orderCount === 0 ? null : round2(total / orderCount),
      gross_margin: round2OrNull(grossMargin),
      margin_pct: round2OrNull(marginPct),
      revenue_by_region: sumGroup(this.regions)
        .sort(byRevenueThenKey)
        .map((g) => ({ region: g.key, revenue: round2(g.exact) })),
      revenue_by_category: sumGroup(this.categories)
        .sort(byRevenueThenKey)
        .map((g) => ({ category: g.key, revenue: round2(g.exact) })),
      revenue_by_month: sumGroup(this.months)
        .sort((a, b) => compareCodePoints(a.key, b.key))
        .map((g) => ({ month: g.key, revenue: round2(g.exact) })),
      top_products: products.slice(0, 10).map(({ key, exact, p }) => ({
        product_id: key,
        product_name: p.name,
        revenue: round2(exact),
        units: p.units,
      })),
      first_order_date: this.first,
      last_order_date: this.last,
    };
  }
}

function addTo(map: Map<string, ExactSum>, key: string, x: number): void {
  let s = map.get(key);
  if (!s) {
    s = new ExactSum();
    map.set(key, s);
  }
  s.add(x);
}
