import type { Delta, KpiFormat } from './archive-compare';

// Numbers as the Archive shows them. The locale is the user's; tests pass 'en-US' for stable text.

export function formatKpi(value: number | null, format: KpiFormat, locale?: string): string {
  if (value === null) return '—';
  switch (format) {
    case 'count':
      return value.toLocaleString(locale, { maximumFractionDigits: 0 });
    case 'money':
      return value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'percent':
      return `${value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} %`;
  }
}

/** "+1,234.50 (+3.2 %)", "−12 (−0.5 %)", "±0"; percent points for a percentage KPI. */
export function formatDelta(d: Delta | null, format: KpiFormat, locale?: string): string {
  if (d === null) return '—';
  if (d.abs === 0) return '±0';
  const sign = d.abs > 0 ? '+' : '−';
  const abs = formatKpi(Math.abs(d.abs), format === 'percent' ? 'money' : format, locale);
  const unit = format === 'percent' ? ' pp' : '';
  const pct =
    format === 'percent' || d.pct === null
      ? ''
      : ` (${d.pct > 0 ? '+' : d.pct < 0 ? '−' : '±'}${Math.abs(d.pct).toLocaleString(locale, { maximumFractionDigits: 1 })} %)`;
  return `${sign}${abs}${unit}${pct}`;
}

export function formatBytes(bytes: number | null, locale?: string): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toLocaleString(locale, { maximumFractionDigits: 1 })} ${units[i]}`;
}

export const shortId = (runId: string): string => runId.slice(0, 8);
