/** "850 ms", "42 s", "3 min 05 s", "1 h 02 min": durations at the precision a person reads them. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const totalSec = Math.floor(ms / 1_000);
  if (totalSec < 60) return `${totalSec} s`;
  const min = Math.floor(totalSec / 60);
  const sec = totalSec % 60;
  if (min < 60) return `${min} min ${String(sec).padStart(2, '0')} s`;
  const h = Math.floor(min / 60);
  return `${h} h ${String(min % 60).padStart(2, '0')} min`;
}

/** How long a run took or has taken so far: request to end, or to `nowMs` while it runs. */
export function runElapsedMs(run: { createdAt: string; finishedAt: string | null }, nowMs: number): number {
  const start = Date.parse(run.createdAt);
  const end = run.finishedAt === null ? nowMs : Date.parse(run.finishedAt);
  return Math.max(0, end - start);
}

export interface ElapsedScale {
  /** 0–100: where the elapsed time sits on the bar */
  elapsedPct: number;
  medianPct: number | null;
  p90Pct: number | null;
  /** how the elapsed time compares with past runs */
  verdict: 'no-history' | 'typical' | 'slower-than-usual' | 'unusually-slow';
}

/**
 * Places the elapsed time and the median/90th-percentile markers on one bar. The bar spans 25 % beyond the
 * largest of the three so markers never sit on the edge, and a run far past p90 pins the bar full.
 */
export function elapsedScale(elapsedMs: number, medianMs: number | null, p90Ms: number | null): ElapsedScale {
  const reference = Math.max(p90Ms ?? 0, medianMs ?? 0);
  const span = Math.max(reference * 1.25, elapsedMs, 1);
  const pct = (v: number) => Math.min(100, Math.max(0, (v / span) * 100));
  let verdict: ElapsedScale['verdict'] = 'no-history';
  if (medianMs !== null && p90Ms !== null) {
    verdict = elapsedMs <= medianMs ? 'typical' : elapsedMs <= p90Ms ? 'slower-than-usual' : 'unusually-slow';
  }
  return {
    elapsedPct: pct(elapsedMs),
    medianPct: medianMs === null ? null : pct(medianMs),
    p90Pct: p90Ms === null ? null : pct(p90Ms),
    verdict,
  };
}
