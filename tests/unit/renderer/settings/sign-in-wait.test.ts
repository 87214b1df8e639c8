import { describe, expect, it } from 'vitest';
import { formatWait } from '../../../../src/renderer/src/pages/settings/sign-in-wait';

describe('formatWait (the sign-in row’s elapsed time)', () => {
  it('counts minutes and zero-padded seconds', () => {
    expect(formatWait(0)).toBe('0:00');
    expect(formatWait(42_900)).toBe('0:42');
    expect(formatWait(185_000)).toBe('3:05');
    expect(formatWait(4 * 60_000)).toBe('4:00');
  });

  it('shows 0:00 for a start time slightly ahead of this clock', () => {
    expect(formatWait(-1_500)).toBe('0:00');
  });
});
