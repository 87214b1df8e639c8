import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { LockIndicator } from '../../../src/renderer/src/components/shell/LockIndicator';
import { toLockStatus, type LockStatus } from '../../../src/renderer/src/stores/lock-status';
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
    const html = render({
      state: 'held',
      holder: 'alice@contoso.com',
      runId: 'run-42',
      since,
      lapsed: false,
    });
    expect(html).toContain('Lock: alice@contoso.com');
    expect(html).toMatch(/Held by alice@contoso.com for run run-42 since [^<]+\(5 min ago\)/);
  });

  it('warns when the holder stopped renewing the lock', () => {
    const html = render({
      state: 'held',
      holder: 'bob',
      runId: 'run-7',
      since: new Date().toISOString(),
      lapsed: true,
    });
    expect(html).toContain('Lock: lapsed (bob)');
    expect(html).toContain('The next run started takes it over.');
  });
});

describe('toLockStatus', () => {
  const reading = {
    held: true,
    holderLabel: 'alice@laptop',
    runId: 'r1',
    acquiredAt: '2026-01-01T10:00:00Z',
    heartbeatAt: null,
    leaseUntil: null,
    lapsed: false,
    fencingToken: 3,
    monitor: null,
    now: '2026-01-01T10:05:00Z',
  };

  it('maps a free lock, a held one and one without holder details', () => {
    expect(toLockStatus({ ...reading, held: false })).toEqual({ state: 'free' });
    expect(toLockStatus(reading)).toEqual({
      state: 'held',
      holder: 'alice@laptop',
      runId: 'r1',
      since: '2026-01-01T10:00:00Z',
      lapsed: false,
    });
    expect(
      toLockStatus({ ...reading, holderLabel: null, runId: null, acquiredAt: null, lapsed: true }),
    ).toEqual({
      state: 'held',
      holder: 'another analyst',
      runId: 'unknown run',
      since: '2026-01-01T10:05:00Z',
      lapsed: true,
    });
  });
});
