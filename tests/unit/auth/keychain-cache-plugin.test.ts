import type { TokenCacheContext } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { KeychainTokenCaches } from '../../../src/main/auth/keychain-cache-plugin';

// The per-profile MSAL cache entry over an in-memory store; with the real keychain and MSAL in
// tests/integration/auth/signed-in-user.test.ts.

const WITH_ACCOUNT = JSON.stringify({ Account: { a: { username: 'ana' } }, RefreshToken: { r: {} } });
const EMPTY = JSON.stringify({ Account: {}, RefreshToken: {} });

function memoryStore() {
  const m = new Map<string, string>();
  return {
    m,
    get: async (p: string) => m.get(p) ?? null,
    set: async (p: string, _n: string, v: string) => void m.set(p, v),
    clear: async (p: string) => void m.delete(p),
  };
}

function context(serialized: string, changed = true) {
  const loaded: string[] = [];
  const ctx = {
    cacheHasChanged: changed,
    tokenCache: { deserialize: (s: string) => void loaded.push(s), serialize: () => serialized },
  } as unknown as TokenCacheContext;
  return { ctx, loaded };
}

describe('KeychainTokenCaches', () => {
  it('saves a cache with an account, loads it back, and drops the entry once it is empty', async () => {
    const store = memoryStore();
    const plugin = new KeychainTokenCaches(store).pluginFor('p1');
    const a = context(WITH_ACCOUNT);
    await plugin.beforeCacheAccess(a.ctx);
    await plugin.afterCacheAccess(a.ctx);
    expect(store.m.get('p1')).toBe(WITH_ACCOUNT);
    const b = context(EMPTY);
    await plugin.beforeCacheAccess(b.ctx);
    expect(b.loaded).toEqual([WITH_ACCOUNT]);
    await plugin.afterCacheAccess(b.ctx);
    expect(store.m.has('p1')).toBe(false);
  });

  it('an access begun before a sign-out neither loads nor writes back the signed-out account', async () => {
    const store = memoryStore();
    store.m.set('p1', WITH_ACCOUNT);
    const caches = new KeychainTokenCaches(store);
    const plugin = caches.pluginFor('p1');
    const stale = context(WITH_ACCOUNT);
    const reading = plugin.beforeCacheAccess(stale.ctx); // the keychain read is under way...
    await caches.forget('p1'); // ...when the analyst signs out
    await reading;
    expect(stale.loaded).toEqual([]);
    await plugin.afterCacheAccess(stale.ctx);
    expect(store.m.has('p1')).toBe(false);
    // Another profile's entry is its own.
    const other = new KeychainTokenCaches(store).pluginFor('p2');
    const c = context(WITH_ACCOUNT);
    await other.beforeCacheAccess(c.ctx);
    await other.afterCacheAccess(c.ctx);
    expect(store.m.get('p2')).toBe(WITH_ACCOUNT);
  });

  it('does not write when MSAL says nothing changed', async () => {
    const store = memoryStore();
    const plugin = new KeychainTokenCaches(store).pluginFor('p1');
    const a = context(WITH_ACCOUNT, false);
    await plugin.beforeCacheAccess(a.ctx);
    await plugin.afterCacheAccess(a.ctx);
    expect(store.m.size).toBe(0);
  });
});
