import type { ItemJobInstance } from '../fabric/jobs/schemas';

export interface JobWindow {
  /** ms since epoch: the earliest time the job can have been created */
  fromMs: number;
  /** ms since epoch: the latest */
  toMs: number;
}

export type JobMatch =
  | { kind: 'found'; job: ItemJobInstance; by: 'run_id' | 'time' }
  | { kind: 'none' }
  | { kind: 'ambiguous'; candidates: string[] };

/**
 * Finds the job a run started. Fabric's job list does not echo the pipeline parameters today; if a list
 * entry carries them (parameters.run_id), that is an exact match. Otherwise the only evidence is time: a
 * single unattached job whose start lies in the window. Two or more are ambiguous and none is attached.
 */
export function matchJob(
  jobs: readonly ItemJobInstance[],
  runId: string,
  window: JobWindow,
  attached: ReadonlySet<string>,
): JobMatch {
  const byParam = jobs.find((j) => parameterRunId(j) === runId);
  if (byParam) return { kind: 'found', job: byParam, by: 'run_id' };
  const candidates = jobs.filter((j) => {
    if (attached.has(j.id)) return false;
    if (parameterRunId(j) !== undefined) return false;
    const t = j.startTimeUtc ? parseFabricTime(j.startTimeUtc) : NaN;
    return Number.isFinite(t) && t >= window.fromMs && t <= window.toMs;
  });
  if (candidates.length === 1 && candidates[0]) return { kind: 'found', job: candidates[0], by: 'time' };
  if (candidates.length === 0) return { kind: 'none' };
  return { kind: 'ambiguous', candidates: candidates.map((c) => c.id) };
}

function parameterRunId(job: ItemJobInstance): string | undefined {
  const params = (job as { parameters?: unknown }).parameters;
  if (typeof params !== 'object' || params === null) return undefined;
  const v = (params as Record<string, unknown>)['run_id'];
  return typeof v === 'string' ? v : undefined;
}

// Fabric writes UTC times without a zone and with up to 7 fraction digits ("2024-01-01T10:00:00.1234567");
// read them as UTC, not local time, keeping milliseconds.
export function parseFabricTime(t: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(t.trim());
  if (!m) return NaN;
  const fraction = (m[2] ?? '').slice(0, 4);
  return Date.parse(`${m[1]}${fraction}${m[3] ?? 'Z'}`);
}
