import { describe, expect, it } from 'vitest';
import {
  eventKinds,
  filterEvents,
  isProblemEvent,
  kindLabel,
  mergeEvents,
} from '../../../../src/renderer/src/pages/monitor/event-filter';
import { makeEvent, transition } from './fixtures';

const events = [
  makeEvent({ kind: 'run_requested', message: 'Run of Files/import/sales.xlsx requested by ann' }),
  makeEvent({ kind: 'lock_acquired', actor: 'bob@contoso.com' }),
  transition('triggering', 'NotStarted', '2026-01-05T10:00:02.000Z'),
  transition('InProgress', 'Failed', '2026-01-05T10:00:30.000Z'),
  makeEvent({ kind: 'kpis_copy_failed', message: 'The KPIs could not be copied' }),
];

describe('event log filter', () => {
  it('filters by kind, text (message, actor, statuses, case-insensitive) and problems', () => {
    expect(filterEvents(events, { kind: 'status_changed', text: '', errorsOnly: false })).toHaveLength(2);
    expect(filterEvents(events, { kind: 'all', text: 'BOB', errorsOnly: false }).map((e) => e.kind)).toEqual([
      'lock_acquired',
    ]);
    expect(filterEvents(events, { kind: 'all', text: 'notstarted', errorsOnly: false })).toHaveLength(1);
    expect(filterEvents(events, { kind: 'all', text: '', errorsOnly: true }).map((e) => e.kind)).toEqual([
      'status_changed',
      'kpis_copy_failed',
    ]);
    expect(filterEvents(events, { kind: 'status_changed', text: '', errorsOnly: true })).toHaveLength(1);
  });

  it('knows problem events and names kinds for people', () => {
    expect(isProblemEvent(makeEvent({ kind: 'lock_stolen' }))).toBe(true);
    expect(isProblemEvent(makeEvent({ kind: 'lock_released' }))).toBe(false);
    expect(kindLabel('cancel_requested')).toBe('Cancel requested');
    expect(eventKinds(events)).toEqual([
      'run_requested',
      'lock_acquired',
      'status_changed',
      'kpis_copy_failed',
    ]);
  });

  it('appends live events by id without repeats, oldest first', () => {
    const [a, b, c] = events;
    const merged = mergeEvents([a!, b!], [b!, c!]);
    expect(merged.map((e) => e.id)).toEqual([a!.id, b!.id, c!.id]);
    expect(mergeEvents([c!], [a!]).map((e) => e.id)).toEqual([a!.id, c!.id]);
  });
});
