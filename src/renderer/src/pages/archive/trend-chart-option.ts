import type { EChartsCoreOption } from 'echarts/core';
import type { RunDetail } from '../../../../shared/contract/archive';
import type { KpiFormat, KpiKey } from './archive-compare';
import { shortId } from './archive-format';

/** One KPI across the compared runs (oldest first) as a line; a run without KPIs is a gap. */
export function trendOption(
  details: readonly RunDetail[],
  key: KpiKey,
  label: string,
  format: KpiFormat,
): EChartsCoreOption {
  const points = details.map((d) => ({
    run: `${shortId(d.run.runId)}\n${new Date(d.run.createdAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`,
    value: d.results.kpis ? d.results.kpis[key] : null,
  }));
  return {
    grid: { left: 72, right: 24, top: 24, bottom: 48 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) =>
        typeof v === 'number'
          ? v.toLocaleString(undefined, { maximumFractionDigits: format === 'count' ? 0 : 2 })
          : '—',
    },
    xAxis: { type: 'category', data: points.map((p) => p.run), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', scale: true },
    series: [
      {
        type: 'line',
        name: label,
        data: points.map((p) => p.value),
        connectNulls: false,
        symbolSize: 10,
        label: {
          show: details.length <= 8,
          position: 'top',
          formatter: (p: { value: unknown }) => compact(p.value),
        },
        cursor: 'pointer',
      },
    ],
  };
}

function compact(v: unknown): string {
  if (typeof v !== 'number') return '';
  return v.toLocaleString(undefined, { notation: 'compact', maximumFractionDigits: 1 });
}
