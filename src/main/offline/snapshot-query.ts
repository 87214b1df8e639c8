import type { Run, RunList, RunListQuery } from '../../shared/contract/runs';

// runs.list answered from the local snapshot: the same filters, sort and paging the database query applies
// (src/main/runs/run-repo.ts), over the runs the app has seen.

const sortKey = (run: Run, field: RunListQuery['sort']): string => {
  switch (field) {
    case 'createdAt':
      return run.createdAt;
    case 'finishedAt':
      return run.finishedAt ?? '';
    case 'status':
      return run.status;
    case 'requestedBy':
      return run.requestedBy.toLowerCase();
    case 'inputName':
      return run.inputName.toLowerCase();
  }
};

const contains = (hay: string | null | undefined, needle: string): boolean =>
  (hay ?? '').toLowerCase().includes(needle.toLowerCase());

export function matchesQuery(run: Run, q: RunListQuery): boolean {
  if (q.status && q.status.length > 0 && !q.status.includes(run.status)) return false;
  const created = Date.parse(run.createdAt);
  if (q.from && created < Date.parse(q.from)) return false;
  if (q.to && created >= Date.parse(q.to)) return false;
  // A copy saved without updatedAt cannot say when it changed: it is kept in the answer.
  if (q.changedSince && run.updatedAt && Date.parse(run.updatedAt) < Date.parse(q.changedSince)) return false;
  if (q.requestedBy && !contains(run.requestedBy, q.requestedBy)) return false;
  if (q.inputName && !contains(run.inputName, q.inputName)) return false;
  if (q.text) {
    const hit = [run.runId, run.inputName, run.inputPath, run.requestedBy, run.failure?.message].some((v) =>
      contains(v, q.text!),
    );
    if (!hit) return false;
  }
  return true;
}

export function queryRuns(runs: Iterable<Run>, q: RunListQuery): Omit<RunList, 'offline'> {
  const dir = q.direction === 'asc' ? 1 : -1;
  const matched = [...runs]
    .filter((r) => matchesQuery(r, q))
    .sort((a, b) => {
      const ka = sortKey(a, q.sort);
      const kb = sortKey(b, q.sort);
      if (ka !== kb) return ka < kb ? -dir : dir;
      // ties: newest first, then by id, so pages never overlap
      if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
      return a.runId < b.runId ? -1 : 1;
    });
  return {
    runs: matched.slice(q.offset, q.offset + q.limit),
    total: matched.length,
    limit: q.limit,
    offset: q.offset,
  };
}
