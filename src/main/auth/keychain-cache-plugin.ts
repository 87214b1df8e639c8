import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { Logger } from '../log/logger';

/** The part of the secret store the MSAL cache needs (src/main/config/secret-store.ts). */
export interface TokenCacheStore {
  get(profileId: string, name: 'MSAL_TOKEN_CACHE'): Promise<string | null>;
  set(profileId: string, name: 'MSAL_TOKEN_CACHE', value: string): Promise<unknown>;
  clear(profileId: string, name: 'MSAL_TOKEN_CACHE'): Promise<void>;
}

/**
 * Keeps each profile's serialized MSAL cache (account and refresh token) in the OS keychain, one entry per
 * profile, so the analyst stays signed in across restarts. The secret store falls back to this process's
 * memory when no keychain answers: the refresh token is never written to a plain file.
 *
 * MSAL awaits these hooks inside the token request and fails the request when one throws, so a keychain
 * that cannot load or save the cache must never fail a sign-in: MSAL's in-memory cache still holds the
 * tokens for this session, and the failure is logged.
 */
export class KeychainTokenCaches {
  /** bumped by forget(): cache accesses begun before a sign-out neither load nor save the old cache */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly store: TokenCacheStore,
    private readonly logger: Logger,
  ) {}

  pluginFor(profileId: string): ICachePlugin {
    // MSAL calls before/after around each cache access, and accesses overlap (monitor polls, health probes).
    // An access that read the keychain before a sign-out would otherwise write the signed-out account back.
    const startedAt = new WeakMap<TokenCacheContext, number>();
    return {
      beforeCacheAccess: async (ctx) => {
        const gen = this.gen(profileId);
        startedAt.set(ctx, gen);
        try {
          const saved = await this.store.get(profileId, 'MSAL_TOKEN_CACHE');
          if (saved && this.gen(profileId) === gen) ctx.tokenCache.deserialize(saved);
        } catch (e) {
          this.warn(profileId, 'The saved sign-in could not be loaded; sign in again', e);
        }
      },
      afterCacheAccess: async (ctx) => {
        if (!ctx.cacheHasChanged || startedAt.get(ctx) !== this.gen(profileId)) return;
        const serialized = ctx.tokenCache.serialize();
        try {
          if (holdsAccount(serialized)) await this.store.set(profileId, 'MSAL_TOKEN_CACHE', serialized);
          // After sign-out the cache is empty: drop the entry rather than keep an empty one.
          else await this.store.clear(profileId, 'MSAL_TOKEN_CACHE');
        } catch (e) {
          this.warn(
            profileId,
            'The sign-in could not be saved in the keychain and lasts for this session only',
            e,
          );
        }
      },
    };
  }

  /** Sign-out: removes the profile's entry and ignores cache accesses already under way. */
  async forget(profileId: string): Promise<void> {
    this.generation.set(profileId, this.gen(profileId) + 1);
    await this.store.clear(profileId, 'MSAL_TOKEN_CACHE');
  }

  private warn(profileId: string, what: string, e: unknown): void {
    const reason = e instanceof Error ? e.message : String(e);
    this.logger.warn(`${what}: ${reason}`, { profileId });
  }

  private gen(profileId: string): number {
    return this.generation.get(profileId) ?? 0;
  }
}

function holdsAccount(serialized: string): boolean {
  try {
    const parsed = JSON.parse(serialized) as { Account?: Record<string, unknown> };
    return Object.keys(parsed.Account ?? {}).length > 0;
  } catch {
    return true;
  }
}
