import { describe, expect, it } from 'vitest';
import { formatAgo, formatWhen } from '../../../src/renderer/src/format/time';

const now = new Date('2026-03-10T15:00:00');

describe('time formatting', () => {
  it.each([
    ['2026-03-10T14:59:40', 'just now'],
    ['2026-03-10T14:55:00', '5 min ago'],
    ['2026-03-10T12:00:00', '3 h ago'],
    ['2026-03-06T15:00:00', '4 days ago'],
  ])('formatAgo(%s) is "%s"', (iso, expected) => {
    expect(formatAgo(iso, now)).toBe(expected);
  });

  it('shows only the time for today and adds the date otherwise; passes non-dates through', () => {
    expect(formatWhen('2026-03-10T09:05:00', now)).not.toMatch(/Mar/);
    expect(formatWhen('2026-03-03T09:05:00', now)).toMatch(/3/);
    expect(formatWhen('2026-03-03T09:05:00', now).length).toBeGreaterThan(
      formatWhen('2026-03-10T09:05:00', now).length,
    );
    expect(formatWhen('not a date', now)).toBe('not a date');
    expect(formatAgo('not a date', now)).toBe('not a date');
  });
});
