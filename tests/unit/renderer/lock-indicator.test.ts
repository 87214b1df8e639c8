import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { LockIndicator } from '../../../src/renderer/src/components/shell/LockIndicator';
import type { LockStatus } from '../../../src/renderer/src/stores/lock-status';
import { renderMarkup } from './render';

const render = (status: LockStatus) => renderMarkup(createElement(LockIndicator, { status }));

describe('LockIndicator', () => {
  it('says "unknown" until run tracking reports the lock', () => {
    const html = render({ state: 'unknown' });
    expect(html).toContain('Lock: unknown');
    expect(html).toContain('data-state="unknown"');
  });

  it('says the lock is free', () => {
    expect(render({ state: 'free' })).toContain('Lock: free');
  });

  it('names the holder in the badge and the run and start time in its accessible name', () => {
    const since = new Date(Date.now() - 5 * 60_000).toISOString();
    const html = render({ state: 'held', holder: 'alice@contoso.com', runId: 'run-42', since });
    expect(html).toContain('Lock: alice@contoso.com');
    expect(html).toMatch(/Held by alice@contoso.com for run run-42 since [^<]+\(5 min ago\)/);
  });
});
