import { describe, expect, it } from 'vitest';
import {
  chronological,
  compareKpis,
  delta,
  differenceReasons,
} from '../../../../src/renderer/src/pages/archive/archive-compare';
import {
  formatBytes,
  formatDelta,
  formatKpi,
} from '../../../../src/renderer/src/pages/archive/archive-format';
import { makeDetail, makeKpis, rule } from './fixtures';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('KPI differences', () => {
  it('rounds money to cents before subtracting and gives no percentage of zero', () => {
    expect(delta(0.1, 0.3, 'money')).toEqual({ abs: 0.2, pct: 200 });
    expect(delta(100.001, 100.004, 'money')).toEqual({ abs: 0, pct: 0 });
    expect(delta(0, 5, 'count')).toEqual({ abs: 5, pct: null });
    expect(delta(200, 150, 'count')).toEqual({ abs: -50, pct: -25 });
    expect(delta(null, 5, 'count')).toBeNull();
  });

  it('compares every KPI against the first run and flags the ones that differ', () => {
    const rows = compareKpis([
      makeKpis(A),
      makeKpis(B, { total_revenue: 110_000.1, margin_pct: null }),
      null,
    ]);
    const revenue = rows.find((r) => r.key === 'total_revenue');
    expect(revenue?.values).toEqual([100_000.1, 110_000.1, null]);
    expect(revenue?.deltas).toEqual([null, { abs: 10_000, pct: 10 }, null]);
    expect(revenue?.differs).toBe(true);
    expect(rows.find((r) => r.key === 'margin_pct')?.differs).toBe(true);
    const orders = compareKpis([makeKpis(A), makeKpis(B)]).find((r) => r.key === 'order_count');
    expect(orders?.differs).toBe(false);
  });

  it('formats values and differences for people', () => {
    expect(formatKpi(1234.5, 'money', 'en-US')).toBe('1,234.50');
    expect(formatKpi(null, 'count', 'en-US')).toBe('—');
    expect(formatDelta({ abs: 10_000, pct: 10 }, 'money', 'en-US')).toBe('+10,000.00 (+10 %)');
    expect(formatDelta({ abs: -3, pct: null }, 'count', 'en-US')).toBe('−3');
    expect(formatDelta({ abs: 1.5, pct: 5 }, 'percent', 'en-US')).toBe('+1.50 pp');
    expect(formatDelta({ abs: 0, pct: 0 }, 'count', 'en-US')).toBe('±0');
    expect(formatBytes(1536, 'en-US')).toBe('1.5 KB');
    expect(formatBytes(12, 'en-US')).toBe('12 B');
  });
});

describe('why runs differ', () => {
  it('names a changed workbook version, parameters and rule counts', () => {
    const base = makeDetail(A, { run: { parameters: { region: 'EMEA', mode: 'full' } } });
    const other = makeDetail(B, {
      run: { inputSha256: 'b'.repeat(64), inputSize: 2000, parameters: { region: 'APAC', note: 'x' } },
      rules: [rule('required_missing', 10), rule('unit_price_negative', 14)],
    });
    const texts = differenceReasons([base, other]).map((r) => r.text);
    expect(texts).toEqual([
      'Run 22222222 read a different version of sales.xlsx: its content (sha256) changed (1,000 → 2,000 bytes).',
      'Run 22222222 did not set parameter mode (base: "full").',
      'Run 22222222 set parameter note = "x".',
      'Run 22222222 changed parameter region from "EMEA" to "APAC".',
      'Run 22222222: rule unit_price_negative affected 14 rows (base: 10).',
    ]);
  });

  it('says nothing for identical inputs, and names another file and missing KPIs', () => {
    expect(differenceReasons([makeDetail(A), makeDetail(B)])).toEqual([]);
    const reasons = differenceReasons([
      makeDetail(A, { kpis: null }),
      makeDetail(B, { run: { inputPath: 'Files/import/march.xlsx', inputName: 'march.xlsx' } }),
    ]);
    expect(reasons.map((r) => r.kind)).toEqual(['kpis-missing', 'input']);
    expect(reasons[1]?.text).toBe('Run 22222222 read march.xlsx instead of sales.xlsx.');
  });

  it('orders compared runs oldest first', () => {
    const late = makeDetail(A, { run: { createdAt: '2026-02-01T00:00:00.000Z' } });
    const early = makeDetail(B, { run: { createdAt: '2026-01-01T00:00:00.000Z' } });
    expect(chronological([late, early]).map((d) => d.run.runId)).toEqual([B, A]);
  });
});
