import type { EChartsCoreOption } from 'echarts/core';
import type { Kpis } from '../../../../shared/artifacts';
import { formatCount, formatMoney } from './kpi-cards';

/** A chart of the results: its echarts option, a sentence with the key numbers, and the same data as a table. */
export interface ResultsChart {
  id: 'month' | 'region' | 'category' | 'products';
  title: string;
  option: EChartsCoreOption;
  /** read by screen readers instead of the canvas */
  description: string;
  table: { columns: string[]; rows: (string | number)[][] };
}

// Product names come from the workbook and the tooltip is HTML: escaped so a name cannot inject markup.
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const compact = (n: number): string =>
  n.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 1 });

const axisMoney = { axisLabel: { formatter: (v: number) => compact(v) } };
const tooltipMoney = (v: unknown): string => (typeof v === 'number' ? formatMoney(v) : String(v));

function largest<T extends { revenue: number }>(rows: T[], name: (r: T) => string): string {
  const top = [...rows].sort((a, b) => b.revenue - a.revenue)[0];
  return top ? `${name(top)} is the largest with ${formatMoney(top.revenue)}` : 'no revenue';
}

export function revenueByMonthChart(kpis: Kpis | null): ResultsChart {
  const rows = kpis?.revenue_by_month ?? [];
  const first = rows[0];
  const last = rows.at(-1);
  return {
    id: 'month',
    title: 'Revenue by month',
    option: {
      grid: { left: 56, right: 24, top: 24, bottom: 36 },
      tooltip: { trigger: 'axis', valueFormatter: tooltipMoney },
      xAxis: {
        type: 'category',
        data: rows.length === 0 ? ['', '', '', '', '', ''] : rows.map((r) => r.month),
      },
      // Without data the axes are only a frame: no invented scale.
      yAxis: {
        type: 'value',
        ...(rows.length === 0 ? { min: 0, max: 100, axisLabel: { show: false } } : axisMoney),
      },
      series: [
        {
          type: 'bar',
          name: 'Revenue',
          data: rows.map((r) => r.revenue),
          itemStyle: { borderRadius: [4, 4, 0, 0] },
        },
      ],
    },
    description:
      first && last
        ? `Revenue by month, ${rows.length} months from ${first.month} (${formatMoney(first.revenue)}) to ${last.month} (${formatMoney(last.revenue)}); ${largest(rows, (r) => r.month)}.`
        : 'Revenue by month: no results yet.',
    table: { columns: ['Month', 'Revenue'], rows: rows.map((r) => [r.month, formatMoney(r.revenue)]) },
  };
}

function horizontal(
  id: ResultsChart['id'],
  title: string,
  names: string[],
  revenue: number[],
): EChartsCoreOption {
  // echarts draws the first category at the bottom: reversed so the largest is on top.
  return {
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: tooltipMoney },
    // Each bar carries its value as a label: axis numbers would only crowd narrow cards.
    xAxis: { type: 'value', axisLabel: { show: false } },
    yAxis: { type: 'category', data: [...names].reverse(), axisLabel: { width: 160, overflow: 'truncate' } },
    series: [
      {
        id,
        name: title,
        type: 'bar',
        data: [...revenue].reverse(),
        itemStyle: { borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', formatter: (p: { value: number }) => compact(p.value) },
      },
    ],
  };
}

export function revenueByRegionChart(kpis: Kpis): ResultsChart {
  const rows = kpis.revenue_by_region;
  return {
    id: 'region',
    title: 'Revenue by region',
    option: horizontal(
      'region',
      'Revenue',
      rows.map((r) => r.region),
      rows.map((r) => r.revenue),
    ),
    description: `Revenue by region, ${rows.length} regions; ${largest(rows, (r) => r.region)}.`,
    table: { columns: ['Region', 'Revenue'], rows: rows.map((r) => [r.region, formatMoney(r.revenue)]) },
  };
}

export function revenueByCategoryChart(kpis: Kpis): ResultsChart {
  const rows = kpis.revenue_by_category;
  return {
    id: 'category',
    title: 'Revenue by category',
    option: horizontal(
      'category',
      'Revenue',
      rows.map((r) => r.category),
      rows.map((r) => r.revenue),
    ),
    description: `Revenue by category, ${rows.length} categories; ${largest(rows, (r) => r.category)}.`,
    table: {
      columns: ['Category', 'Revenue'],
      rows: rows.map((r) => [r.category, formatMoney(r.revenue)]),
    },
  };
}

const productLabel = (p: Kpis['top_products'][number]): string =>
  p.product_name ? `${p.product_name} (${p.product_id})` : p.product_id;

export function topProductsChart(kpis: Kpis): ResultsChart {
  const rows = kpis.top_products;
  const option = horizontal(
    'products',
    'Revenue',
    rows.map(productLabel),
    rows.map((r) => r.revenue),
  );
  // Units sold in the tooltip: the bar length is revenue, the tooltip tells how many units made it.
  const units = [...rows].reverse().map((r) => r.units);
  option['tooltip'] = {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    formatter: (params: { dataIndex: number; name: string; value: number }[]) => {
      const p = params[0];
      if (!p) return '';
      return `${escapeHtml(p.name)}<br/>Revenue: ${formatMoney(p.value)}<br/>Units: ${formatCount(units[p.dataIndex] ?? 0)}`;
    },
  };
  return {
    id: 'products',
    title: `Top ${rows.length} products`,
    option,
    description: `Top ${rows.length} products by revenue; ${largest(rows, productLabel)}.`,
    table: {
      columns: ['Product', 'Revenue', 'Units'],
      rows: rows.map((r) => [productLabel(r), formatMoney(r.revenue), formatCount(r.units)]),
    },
  };
}
