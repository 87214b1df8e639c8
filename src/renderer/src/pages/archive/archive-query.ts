import type { RunListQueryInput, RunStatusValue } from '../../../../shared/contract/runs';

// The Archive's filters and sort order, kept as page prefs (strings, ui.setState) so they survive restarts.
// Plain values only: importing the contract's zod schemas would pull zod into the renderer bundle.

export const ARCHIVE_STATUS_FILTERS = ['all', 'succeeded', 'failed', 'cancelled', 'active'] as const;
export type ArchiveStatusFilter = (typeof ARCHIVE_STATUS_FILTERS)[number];

/** The run statuses each filter shows; `undefined` means every status. */
export const FILTER_STATUSES: Record<ArchiveStatusFilter, RunStatusValue[] | undefined> = {
  all: undefined,
  succeeded: ['Completed'],
  failed: ['Failed', 'Lost'],
  cancelled: ['Cancelled', 'Deduped'],
  active: ['requested', 'triggering', 'NotStarted', 'InProgress'],
};

/** Mirrors RUN_SORT_FIELDS of the contract (checked by the type below). */
export const ARCHIVE_SORT_FIELDS = ['createdAt', 'finishedAt', 'status', 'requestedBy', 'inputName'] as const;
export type ArchiveSortField = (typeof ARCHIVE_SORT_FIELDS)[number] & NonNullable<RunListQueryInput['sort']>;
export type SortDirection = 'asc' | 'desc';

export const ARCHIVE_PAGE_SIZE = 25;

export interface ArchiveQuery {
  status: ArchiveStatusFilter;
  /** YYYY-MM-DD, local day, inclusive; '' for no bound */
  from: string;
  to: string;
  requestedBy: string;
  inputName: string;
  text: string;
  sort: ArchiveSortField;
  direction: SortDirection;
}

export const DEFAULT_QUERY: ArchiveQuery = {
  status: 'all',
  from: '',
  to: '',
  requestedBy: '',
  inputName: '',
  text: '',
  sort: 'createdAt',
  direction: 'desc',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_LIMIT = { requestedBy: 320, inputName: 400, text: 200 } as const;

const oneOf = <V extends string>(allowed: readonly V[], v: string | undefined, fallback: V): V =>
  allowed.find((a) => a === v) ?? fallback;

/** The query remembered in prefs; anything unknown or malformed falls back to its default. */
export function queryFromPrefs(prefs: Record<string, string> | undefined): ArchiveQuery {
  const p = prefs ?? {};
  const day = (v: string | undefined): string => (v !== undefined && DAY.test(v) && isDay(v) ? v : '');
  const text = (k: keyof typeof TEXT_LIMIT): string => (p[k] ?? '').slice(0, TEXT_LIMIT[k]);
  return {
    status: oneOf(ARCHIVE_STATUS_FILTERS, p['status'], DEFAULT_QUERY.status),
    from: day(p['from']),
    to: day(p['to']),
    requestedBy: text('requestedBy'),
    inputName: text('inputName'),
    text: text('text'),
    sort: oneOf(ARCHIVE_SORT_FIELDS, p['sort'], DEFAULT_QUERY.sort),
    direction: oneOf(['asc', 'desc'] as const, p['direction'], DEFAULT_QUERY.direction),
  };
}

/** The prefs that differ from before; a default value becomes `null` (forgotten). */
export function prefsPatch(
  before: ArchiveQuery,
  after: ArchiveQuery,
): Partial<Record<keyof ArchiveQuery, string | null>> {
  const patch: Partial<Record<keyof ArchiveQuery, string | null>> = {};
  for (const key of Object.keys(after) as (keyof ArchiveQuery)[]) {
    if (before[key] === after[key]) continue;
    patch[key] = after[key] === DEFAULT_QUERY[key] ? null : after[key];
  }
  return patch;
}

/** runs.list input for one page. Date bounds are local days: `to` includes its whole day. */
export function toListInput(q: ArchiveQuery, page: number, pageSize = ARCHIVE_PAGE_SIZE): RunListQueryInput {
  const status = FILTER_STATUSES[q.status];
  const trimmed = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  const input: RunListQueryInput = {
    limit: pageSize,
    offset: Math.max(0, page - 1) * pageSize,
    sort: q.sort,
    direction: q.direction,
  };
  if (status) input.status = status;
  if (q.from) input.from = localDayStart(q.from).toISOString();
  if (q.to) {
    const end = localDayStart(q.to);
    end.setDate(end.getDate() + 1);
    input.to = end.toISOString();
  }
  const requestedBy = trimmed(q.requestedBy);
  if (requestedBy) input.requestedBy = requestedBy;
  const inputName = trimmed(q.inputName);
  if (inputName) input.inputName = inputName;
  const text = trimmed(q.text);
  if (text) input.text = text;
  return input;
}

/** Clicking a column: the same column flips the direction, another one starts descending. */
export function nextSort(q: ArchiveQuery, field: ArchiveSortField): Pick<ArchiveQuery, 'sort' | 'direction'> {
  if (q.sort === field) return { sort: field, direction: q.direction === 'desc' ? 'asc' : 'desc' };
  return { sort: field, direction: 'desc' };
}

export const hasFilters = (q: ArchiveQuery): boolean =>
  q.status !== 'all' ||
  q.from !== '' ||
  q.to !== '' ||
  q.requestedBy.trim() !== '' ||
  q.inputName.trim() !== '' ||
  q.text.trim() !== '';

function localDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

function isDay(day: string): boolean {
  const date = localDayStart(day);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d;
}
