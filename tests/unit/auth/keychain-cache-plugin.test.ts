import type { TokenCacheContext } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { KeychainTokenCaches } from '../../../src/main/auth/keychain-cache-plugin';
import { silentLogger } from '../../../src/main/log/logger';
import { recordingLogger } from '../ipc/support/recording-logger';

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
    const plugin = new KeychainTokenCaches(store, silentLogger).pluginFor('p1');
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
    const caches = new KeychainTokenCaches(store, silentLogger);
    const plugin = caches.pluginFor('p1');
    const stale = context(WITH_ACCOUNT);
    const reading = plugin.beforeCacheAccess(stale.ctx); // the keychain read is under way...
    await caches.forget('p1'); // ...when the analyst signs out
    await reading;
    expect(stale.loaded).toEqual([]);
    await plugin.afterCacheAccess(stale.ctx);
    expect(store.m.has('p1')).toBe(false);
    // Another profile's entry is its own.
    const other = new KeychainTokenCaches(store, silentLogger).pluginFor('p2');
    const c = context(WITH_ACCOUNT);
    await other.beforeCacheAccess(c.ctx);
    await other.afterCacheAccess(c.ctx);
    expect(store.m.get('p2')).toBe(WITH_ACCOUNT);
  });

  it('does not write when MSAL says nothing changed', async () => {
    const store = memoryStore();
    const plugin = new KeychainTokenCaches(store, silentLogger).pluginFor('p1');
    const a = context(WITH_ACCOUNT, false);
    await plugin.beforeCacheAccess(a.ctx);
    await plugin.afterCacheAccess(a.ctx);
    expect(store.m.size).toBe(0);
  });

  it('a keychain that fails to save or load never fails the MSAL request; it logs a warning', async () => {
    const store = memoryStore();
    const logger = recordingLogger();
    const plugin = new KeychainTokenCaches(store, logger).pluginFor('p1');
    store.set = async () => {
      throw new Error('Value of password encoded as UTF-16 is longer than the platform limit of 2560 chars');
    };
    const a = context(WITH_ACCOUNT);
    await plugin.beforeCacheAccess(a.ctx);
    await expect(plugin.afterCacheAccess(a.ctx)).resolves.toBeUndefined();
    expect(logger.entries.at(-1)).toMatchObject({
      level: 'warn',
      message: expect.stringMatching(
        /sign-in could not be saved in the keychain and lasts for this session only: Value of password/,
      ) as unknown,
      fields: { profileId: 'p1' },
    });

    // Clearing after a sign-out fails the same way (the secret store throws KEYCHAIN_UNAVAILABLE then).
    store.clear = async () => {
      throw new Error('The collection is locked');
    };
    const b = context(EMPTY);
    await plugin.beforeCacheAccess(b.ctx);
    await expect(plugin.afterCacheAccess(b.ctx)).resolves.toBeUndefined();
    expect(logger.entries.at(-1)?.message).toMatch(/The collection is locked/);

    // A saved cache MSAL cannot parse: the access goes on with MSAL's in-memory cache.
    store.m.set('p1', '{"Account": trunc');
    const c = context(WITH_ACCOUNT);
    c.ctx.tokenCache.deserialize = (s: string) => void JSON.parse(s);
    await expect(plugin.beforeCacheAccess(c.ctx)).resolves.toBeUndefined();
    expect(logger.entries.at(-1)?.message).toMatch(
      /The saved sign-in could not be loaded; sign in again: .*JSON/,
    );
  });
});
