import { describe, expect, it } from 'vitest';
import { channels } from '../../../src/shared/contract/index';

const setInput = channels['ui.setState'].input;

describe('ui.setState input schema', () => {
  it('accepts a page, a colour scheme and small preferences, including null to forget a key', () => {
    expect(
      setInput.safeParse({
        lastPage: 'monitor',
        colorScheme: 'auto',
        prefs: { archive: { status: 'failed', sort: null } },
      }).success,
    ).toBe(true);
  });

  it.each([
    ['an unknown page', { lastPage: 'admin' }],
    ['an unknown top-level key', { lastPage: 'monitor', theme: 'x' }],
    ['a prototype key', JSON.parse('{"__proto__": {"polluted": true}}')],
    ['an unknown page in prefs', { prefs: { admin: { a: 'b' } } }],
    ['a key with spaces', { prefs: { archive: { 'a b': 'x' } } }],
    ['a value over 256 characters', { prefs: { archive: { a: 'x'.repeat(257) } } }],
    [
      '33 preferences on one page',
      { prefs: { archive: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) } },
    ],
    ['a number as a value', { prefs: { archive: { a: 1 } } }],
  ])('refuses %s', (_name, value) => {
    expect(setInput.safeParse(value).success).toBe(false);
  });
});
