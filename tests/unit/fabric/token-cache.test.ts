import { describe, expect, it } from 'vitest';
import { createTokenCache } from '../../../src/main/fabric/auth/token-cache';
import { FABRIC_SCOPE, STORAGE_SCOPE, type FabricScope } from '../../../src/main/fabric/endpoints';

function setup(lifetimeMs = 3_600_000) {
  let now = 1_000_000;
  const calls: Array<{ scope: FabricScope; force: boolean }> = [];
  const gates: Array<() => void> = [];
  let manual = false;
  const cache = createTokenCache({
    now: () => now,
    refreshEarlyMs: 300_000,
    acquire: async (scope, force) => {
      calls.push({ scope, force });
      if (manual) await new Promise<void>((r) => gates.push(r));
      return { token: `${scope}#${calls.length}`, expiresOn: now + lifetimeMs };
    },
  });
  return {
    cache,
    calls,
    advance: (ms: number) => (now += ms),
    hold: () => (manual = true),
    release: () => gates.splice(0).forEach((g) => g()),
  };
}

describe('token cache', () => {
  it('serves a fresh token from memory, per scope', async () => {
    const t = setup();
    const a = await t.cache.get(FABRIC_SCOPE);
    expect(await t.cache.get(FABRIC_SCOPE)).toEqual(a);
    const s = await t.cache.get(STORAGE_SCOPE);
    expect(s.token).not.toBe(a.token);
    expect(t.calls).toHaveLength(2);
  });

  it('refreshes 5 minutes before expiry, not later', async () => {
    const t = setup();
    await t.cache.get(FABRIC_SCOPE);
    t.advance(3_600_000 - 300_001);
    await t.cache.get(FABRIC_SCOPE);
    expect(t.calls).toHaveLength(1);
    t.advance(2);
    await t.cache.get(FABRIC_SCOPE);
    expect(t.calls).toHaveLength(2);
  });

  it('shares one in-flight request among concurrent callers', async () => {
    const t = setup();
    t.hold();
    const all = Promise.all([
      t.cache.get(FABRIC_SCOPE),
      t.cache.get(FABRIC_SCOPE),
      t.cache.get(FABRIC_SCOPE),
    ]);
    await Promise.resolve();
    t.release();
    const [a, b, c] = await all;
    expect(t.calls).toHaveLength(1);
    expect(new Set([a.token, b.token, c.token]).size).toBe(1);
  });

  it('forceRefresh bypasses the cache once, and concurrent forced callers share it', async () => {
    const t = setup();
    await t.cache.get(FABRIC_SCOPE);
    t.hold();
    const forced = Promise.all([
      t.cache.get(FABRIC_SCOPE, { forceRefresh: true }),
      t.cache.get(FABRIC_SCOPE, { forceRefresh: true }),
      t.cache.get(FABRIC_SCOPE),
    ]);
    await Promise.resolve();
    t.release();
    const [a, b, c] = await forced;
    expect(t.calls.map((x) => x.force)).toEqual([false, true]);
    expect(a.token).toBe(b.token);
    expect(c.token).toBe(a.token);
  });

  it('clear() drops tokens, and a request that was in flight does not repopulate it', async () => {
    const t = setup();
    t.hold();
    const pending = t.cache.get(FABRIC_SCOPE);
    await Promise.resolve();
    t.cache.clear();
    t.release();
    await pending;
    t.calls.length = 0;
    const p2 = t.cache.get(FABRIC_SCOPE);
    t.release();
    await Promise.resolve();
    t.release();
    await p2;
    expect(t.calls).toHaveLength(1);
  });

  it('a failed acquire is not cached: the next call tries again', async () => {
    let fail = true;
    let n = 0;
    const cache = createTokenCache({
      now: () => 0,
      refreshEarlyMs: 0,
      acquire: async () => {
        n++;
        if (fail) throw new Error('boom');
        return { token: 't', expiresOn: 10_000 };
      },
    });
    await expect(cache.get(FABRIC_SCOPE)).rejects.toThrow('boom');
    fail = false;
    expect((await cache.get(FABRIC_SCOPE)).token).toBe('t');
    expect(n).toBe(2);
  });
});
