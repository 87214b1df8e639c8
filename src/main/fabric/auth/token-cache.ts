import type { FabricScope } from '../endpoints';
import type { AccessToken, GetTokenOptions } from './token-provider';

export interface TokenCacheOptions {
  /** Fetch a new token for a scope; `forceRefresh` asks the underlying library to skip its own cache too. */
  acquire: (scope: FabricScope, forceRefresh: boolean) => Promise<AccessToken>;
  now: () => number;
  /** Treat a token as expired this long before it really expires, so no request carries a dying token. */
  refreshEarlyMs: number;
}

/**
 * Per-scope token memo: a fresh token is served from memory, a token inside the early-refresh window is
 * replaced, and concurrent callers share one in-flight request instead of each asking Entra.
 */
export function createTokenCache(opts: TokenCacheOptions) {
  const tokens = new Map<FabricScope, AccessToken>();
  const inFlight = new Map<FabricScope, { force: boolean; promise: Promise<AccessToken> }>();
  let generation = 0;

  function fetch(scope: FabricScope, force: boolean): Promise<AccessToken> {
    const started = generation;
    const promise = opts
      .acquire(scope, force)
      .then((token) => {
        // A clear() during the request means the token belongs to a profile or user that is gone.
        if (generation === started) tokens.set(scope, token);
        return token;
      })
      .finally(() => {
        if (inFlight.get(scope)?.promise === promise) inFlight.delete(scope);
      });
    inFlight.set(scope, { force, promise });
    return promise;
  }

  return {
    get(scope: FabricScope, options: GetTokenOptions = {}): Promise<AccessToken> {
      const force = options.forceRefresh === true;
      const pending = inFlight.get(scope);
      // A forced refresh may join only a request that itself bypasses caches.
      if (pending && (!force || pending.force)) return pending.promise;
      const cached = tokens.get(scope);
      if (!force && cached && cached.expiresOn - opts.refreshEarlyMs > opts.now())
        return Promise.resolve(cached);
      if (force) tokens.delete(scope);
      return fetch(scope, force);
    },
    clear(): void {
      generation++;
      tokens.clear();
      inFlight.clear();
    },
  };
}

export type TokenCache = ReturnType<typeof createTokenCache>;
