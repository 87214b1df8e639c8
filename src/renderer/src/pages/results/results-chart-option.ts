import type { EChartsCoreOption } from 'echarts/core';
import type { Kpis } from '../../../../shared/artifacts';

/** Revenue by month as a bar chart; with no results, the same frame with empty axes. */
export function revenueByMonthOption(kpis: Kpis | null): EChartsCoreOption {
  const rows = kpis?.revenue_by_month ?? [];
  return {
    grid: { left: 56, right: 24, top: 24, bottom: 36 },
    tooltip: { trigger: 'axis' },
    dataset: { source: rows.map((r) => ({ month: r.month, revenue: r.revenue })) },
    xAxis: { type: 'category', ...(rows.length === 0 ? { data: ['', '', '', '', '', ''] } : {}) },
    // Without data the axes are only a frame: no invented scale.
    yAxis: { type: 'value', ...(rows.length === 0 ? { min: 0, max: 100, axisLabel: { show: false } } : {}) },
    series: [
      {
        type: 'bar',
        name: 'Revenue',
        encode: { x: 'month', y: 'revenue' },
        itemStyle: { borderRadius: [4, 4, 0, 0] },
      },
    ],
  };
}
