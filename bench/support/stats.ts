// Percentiles and the markdown lines the benches print.

/** The p-th percentile (nearest rank) of the samples. */
export function pct(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const median = (xs: readonly number[]): number => pct(xs, 50);

export const ms = (v: number): string => v.toFixed(0).padStart(6);
