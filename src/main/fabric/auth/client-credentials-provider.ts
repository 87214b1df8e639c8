import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { FabricError } from '../errors';
import type { FabricScope } from '../endpoints';
import { mapEntraError } from './entra-errors';
import { msalAuthority } from './msal-config';
import { createTokenCache } from './token-cache';
import type { AccessToken, TokenProvider } from './token-provider';

export interface ClientCredentialsConfig {
  authorityUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** names the profile in a refusal ("Entra ID refused the client secret of profile …") */
  profileName?: string;
}

export interface ClientCredentialsDeps {
  networkClient: INetworkModule;
  now: () => number;
  /** Default 5 minutes. */
  refreshEarlyMs?: number;
  /** told each time Entra ID refuses the credentials (FABRIC_AUTH), before the error is thrown */
  onRefused?: (error: FabricError) => void;
}

/** Service-principal tokens (MSAL client credentials), one cached token per scope. */
export function createClientCredentialsProvider(
  config: ClientCredentialsConfig,
  deps: ClientCredentialsDeps,
): TokenProvider {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      ...msalAuthority(config.authorityUrl, config.tenantId),
    },
    system: { networkClient: deps.networkClient },
  });
  const cache = createTokenCache({
    now: deps.now,
    refreshEarlyMs: deps.refreshEarlyMs ?? 5 * 60_000,
    acquire: async (scope: FabricScope, forceRefresh: boolean): Promise<AccessToken> => {
      let result;
      try {
        result = await app.acquireTokenByClientCredential({ scopes: [scope], skipCache: forceRefresh });
      } catch (e) {
        const error = mapEntraError(e, config.profileName ? { profileName: config.profileName } : {});
        if (error.code === 'FABRIC_AUTH') deps.onRefused?.(error);
        throw error;
      }
      if (!result?.accessToken) {
        // An odd answer, not a refusal of the secret: not a reason to call the profile signed out.
        throw new FabricError(
          'FABRIC_HTTP',
          'Entra ID answered without an access token.',
          'Try again in a minute.',
        );
      }
      return { token: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? deps.now() + 5 * 60_000 };
    },
  });
  return {
    getToken: (scope, options) => cache.get(scope, options),
    clear: () => {
      cache.clear();
      // MSAL keeps its own in-memory copy; drop it so a later request really goes to Entra.
      app.clearCache();
    },
  };
}
