import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';

/** The part of the secret store the MSAL cache needs (src/main/config/secret-store.ts). */
export interface TokenCacheStore {
  get(profileId: string, name: 'MSAL_TOKEN_CACHE'): Promise<string | null>;
  set(profileId: string, name: 'MSAL_TOKEN_CACHE', value: string): Promise<unknown>;
  clear(profileId: string, name: 'MSAL_TOKEN_CACHE'): Promise<void>;
}

/**
 * Keeps one profile's serialized MSAL cache (account and refresh token) in the OS keychain, one entry per
 * profile, so the analyst stays signed in across restarts. The secret store falls back to this process's
 * memory when no keychain answers: the refresh token is never written to a plain file.
 */
export function createKeychainCachePlugin(store: TokenCacheStore, profileId: string): ICachePlugin {
  return {
    async beforeCacheAccess(ctx: TokenCacheContext) {
      const saved = await store.get(profileId, 'MSAL_TOKEN_CACHE');
      if (saved) ctx.tokenCache.deserialize(saved);
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (!ctx.cacheHasChanged) return;
      const serialized = ctx.tokenCache.serialize();
      if (holdsAccount(serialized)) await store.set(profileId, 'MSAL_TOKEN_CACHE', serialized);
      // After sign-out the cache is empty: drop the entry rather than keep an empty one.
      else await store.clear(profileId, 'MSAL_TOKEN_CACHE');
    },
  };
}

function holdsAccount(serialized: string): boolean {
  try {
    const parsed = JSON.parse(serialized) as { Account?: Record<string, unknown> };
    return Object.keys(parsed.Account ?? {}).length > 0;
  } catch {
    return true;
  }
}
