import type { RunEvent } from '../../../../shared/contract/runs';

export interface EventFilter {
  /** an event kind, or 'all' */
  kind: string;
  text: string;
  errorsOnly: boolean;
}

export const DEFAULT_EVENT_FILTER: EventFilter = { kind: 'all', text: '', errorsOnly: false };

const PROBLEM_STATUSES = new Set(['Failed', 'Lost', 'Cancelled', 'Deduped']);
const PROBLEM_KIND = /fail|error|lost|stolen|force|unknown/;

/** An event that reports something going wrong (a failed step, a lost run, a lock taken by force). */
export function isProblemEvent(e: RunEvent): boolean {
  return PROBLEM_KIND.test(e.kind) || (e.toStatus !== null && PROBLEM_STATUSES.has(e.toStatus));
}

/** The kinds present, in order of first appearance, for the kind filter. */
export function eventKinds(events: readonly RunEvent[]): string[] {
  return [...new Set(events.map((e) => e.kind))];
}

/** "status_changed" → "Status changed". */
export const kindLabel = (kind: string): string => {
  const words = kind.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function filterEvents(events: readonly RunEvent[], f: EventFilter): RunEvent[] {
  const needle = f.text.trim().toLowerCase();
  return events.filter((e) => {
    if (f.kind !== 'all' && e.kind !== f.kind) return false;
    if (f.errorsOnly && !isProblemEvent(e)) return false;
    if (needle === '') return true;
    const hay = [e.kind, e.message ?? '', e.actor, e.host, e.fromStatus ?? '', e.toStatus ?? '']
      .join(' ')
      .toLowerCase();
    return hay.includes(needle);
  });
}

/** Adds newly read events to the ones shown, by id, keeping the oldest-first order and dropping repeats. */
export function mergeEvents(shown: readonly RunEvent[], incoming: readonly RunEvent[]): RunEvent[] {
  const byId = new Map<number, RunEvent>();
  for (const e of shown) byId.set(e.id, e);
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
