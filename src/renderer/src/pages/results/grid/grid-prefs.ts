import type { TableSort } from '../../../../../shared/contract/artifacts';
import { MAX_PREF_VALUE_LENGTH } from '../../../../../shared/contract/ui-values';

// The grid's sort and filter texts as short preference strings (ui.setState keeps at most 256 characters a
// value); anything unreadable is ignored rather than failing the page.

export const SORT_PREF = 'gridSort';
export const FILTERS_PREF = 'gridFilters';

export function sortToPref(sort: TableSort[]): string | null {
  const first = sort[0];
  return first ? `${first.dir}:${first.column}` : null;
}

export function sortFromPref(value: string | undefined): TableSort[] {
  const m = /^(asc|desc):(.{1,200})$/.exec(value ?? '');
  return m ? [{ dir: m[1] as 'asc' | 'desc', column: m[2] as string }] : [];
}

/** Filter texts by column; null when there are none or they do not fit a preference. */
export function filtersToPref(texts: Record<string, string>): string | null {
  const kept = Object.fromEntries(Object.entries(texts).filter(([, v]) => v.trim() !== ''));
  if (Object.keys(kept).length === 0) return null;
  const json = JSON.stringify(kept);
  return json.length <= MAX_PREF_VALUE_LENGTH ? json : null;
}

export function filtersFromPref(value: string | undefined): Record<string, string> {
  if (!value) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

/** Header click: ascending, then descending, then unsorted. */
export function nextSort(sort: TableSort[], column: string): TableSort[] {
  const current = sort[0]?.column === column ? sort[0].dir : null;
  if (current === null) return [{ column, dir: 'asc' }];
  if (current === 'asc') return [{ column, dir: 'desc' }];
  return [];
}
