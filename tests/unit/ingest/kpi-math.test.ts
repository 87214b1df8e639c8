import { describe, expect, it } from 'vitest';
import { ExactSum, fsum } from '../../../src/main/kpis/exact-sum';
import { KpiAccumulator } from '../../../src/main/kpis/kpi-accumulator';
import { round2 } from '../../../src/main/kpis/round';
import { compareCodePoints } from '../../../src/main/kpis/text-order';

// Expected values come from CPython's math.fsum and Decimal.quantize(ROUND_HALF_UP) (run once, pasted).
describe('fsum', () => {
  it('is exactly rounded where naive summation is not', () => {
    const tenth = Array.from({ length: 10 }, () => 0.1);
    expect(tenth.reduce((a, b) => a + b, 0)).not.toBe(1);
    expect(fsum(tenth)).toBe(1);
    expect(fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50])).toBe(1e-100);
    expect(fsum([1.0, 2 ** -53, 2 ** -105])).toBe(1.0000000000000002);
    expect(fsum([2 ** 53, 1.0, -(2 ** -53)])).toBe(9007199254740992);
    expect(fsum([])).toBe(0);
  });
  it('matches Python on mixed magnitudes, in any order', () => {
    const M = [1e-9, 1e-6, 1e-3, 1.0, 1e3, 1e6, 1e9];
    const xs = Array.from({ length: 1000 }, (_, i) => (i * 0.1 - 37.3) * (M[i % 7] as number));
    expect(fsum(xs)).toBe(1798146532217.9043);
    expect(fsum([...xs].reverse())).toBe(1798146532217.9043);
    const ys = Array.from({ length: 10000 }, (_, i) => 0.1 * (i % 13) - 0.6);
    const s = new ExactSum();
    for (const y of ys) s.add(y);
    expect(s.value()).toBe(-1.4999999999993596);
  });
});

describe('round2', () => {
  it('rounds half away from zero on the exact binary value', () => {
    expect(round2(2.675)).toBe(2.67); // 2.675 is 2.67499999... in binary
    expect(round2(1.005)).toBe(1);
    expect(round2(0.125)).toBe(0.13); // exact tie
    expect(round2(-0.125)).toBe(-0.13);
    expect(round2(0.005)).toBe(0.01);
    expect(round2(1234567.895)).toBe(1234567.9);
    expect(Object.is(round2(-0.0025), 0)).toBe(true);
  });
});

describe('code point order', () => {
  it('sorts astral characters after the BMP private-use area, like Python', () => {
    const a = '\uFF21'; // fullwidth A (BMP, above the surrogates)
    const b = '\u{1F600}'; // emoji (astral: surrogate pair in UTF-16)
    expect(a < b).toBe(false); // UTF-16 order disagrees with code points
    expect(compareCodePoints(a, b)).toBeLessThan(0);
    expect(['b', 'a', 'B'].sort(compareCodePoints)).toEqual(['B', 'a', 'b']);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
  });
});

describe('KpiAccumulator', () => {
  it('computes the contract KPIs with ties sorted by name', () => {
    const k = new KpiAccumulator();
    const base = { productName: null, unitCost: null };
    k.add({
      ...base,
      orderId: 'O1',
      orderDate: '2024-02-03',
      region: 'EMEA',
      category: 'B',
      productId: 'P2',
      quantity: 2,
      net: 10,
    });
    k.add({
      ...base,
      orderId: 'O1',
      orderDate: '2024-02-03',
      region: 'APAC',
      category: 'A',
      productId: 'P1',
      quantity: 1,
      net: 10,
      productName: 'One',
      unitCost: 4,
    });
    k.add({
      ...base,
      orderId: 'O2',
      orderDate: '2024-01-09',
      region: 'APAC',
      category: 'A',
      productId: 'P1',
      quantity: 3,
      net: 0.1,
      productName: 'Uno',
      unitCost: 0,
    });
    const r = k.result('run', { rows_in: 3, duplicates_removed: 0, rows_rejected: 0, rows_valid: 3 });
    expect(r.total_revenue).toBe(20.1);
    expect(r.order_count).toBe(2);
    expect(r.units_sold).toBe(6);
    expect(r.avg_order_value).toBe(10.05);
    expect(r.gross_margin).toBe(6.1); // (10 - 1*4) + (0.1 - 0)
    expect(r.margin_pct).toBe(60.4); // 100 * 6.1 / 10.1 = 60.396
    expect(r.revenue_by_region).toEqual([
      { region: 'APAC', revenue: 10.1 },
      { region: 'EMEA', revenue: 10 },
    ]);
    expect(r.revenue_by_month.map((m) => m.month)).toEqual(['2024-01', '2024-02']);
    expect(r.top_products[0]).toEqual({ product_id: 'P1', product_name: 'One', revenue: 10.1, units: 4 });
    expect(r.first_order_date).toBe('2024-01-09');
    expect(r.last_order_date).toBe('2024-02-03');
  });
  it('gives nulls when there is nothing to compute', () => {
    const r = new KpiAccumulator().result('run', {
      rows_in: 0,
      duplicates_removed: 0,
      rows_rejected: 0,
      rows_valid: 0,
    });
    expect(r.avg_order_value).toBeNull();
    expect(r.gross_margin).toBeNull();
    expect(r.margin_pct).toBeNull();
    expect(r.first_order_date).toBeNull();
  });
});
