import type { AccessToken as AzureAccessToken, TokenCredential } from '@azure/core-auth';
import { STORAGE_SCOPE } from '../endpoints';
import type { TokenProvider } from '../auth/token-provider';

/** How long the SDK may keep a token before asking again; asking is cheap since our provider caches. */
const RECHECK_MS = 30_000;

/**
 * The Azure SDK's TokenCredential over our token provider, storage scope only. refreshAfterTimestamp makes the
 * SDK re-read our cache every 30 s, so a token we replaced after a 401 reaches its pipeline promptly.
 */
export function createStorageCredential(
  tokens: TokenProvider,
  now: () => number = Date.now,
): TokenCredential {
  return {
    async getToken(): Promise<AzureAccessToken> {
      const t = await tokens.getToken(STORAGE_SCOPE);
      return {
        token: t.token,
        expiresOnTimestamp: t.expiresOn,
        refreshAfterTimestamp: Math.min(t.expiresOn, now() + RECHECK_MS),
        tokenType: 'Bearer',
      };
    },
  };
}
