import {
  PublicClientApplication,
  type AccountInfo,
  type ICachePlugin,
  type INetworkModule,
} from '@azure/msal-node';
import { FABRIC_SCOPE, type FabricScope } from '../endpoints';
import { FabricError } from '../errors';
import { mapEntraError } from './entra-errors';
import { msalAuthority } from './msal-config';
import { createTokenCache } from './token-cache';
import type { AccessToken, TokenProvider } from './token-provider';

export interface UserSignInConfig {
  authorityUrl: string;
  tenantId: string;
  /** A public-client app registration with the redirect URI http://localhost. */
  clientId: string;
}

export interface UserSignInDeps {
  networkClient: INetworkModule;
  now: () => number;
  /** Opens the Entra sign-in page in the user's browser (Electron: shell.openExternal). */
  openBrowser: (url: string) => Promise<void>;
  /** Persists MSAL's cache (refresh tokens) between launches, e.g. in the OS keychain. */
  cachePlugin?: ICachePlugin;
  refreshEarlyMs?: number;
}

export interface SignedInUser {
  username: string;
  name?: string;
  homeAccountId: string;
}

export interface UserTokenProvider extends TokenProvider {
  /** Interactive sign-in in the browser; afterwards tokens are refreshed silently. */
  signIn(options?: { loginHint?: string }): Promise<SignedInUser>;
  signOut(): Promise<void>;
  currentUser(): Promise<SignedInUser | undefined>;
}

/**
 * Signed-in-user tokens (MSAL public client, auth code + PKCE on a loopback redirect). On a shared laptop
 * this is the better choice: runs are attributed to the person, and no client secret sits on the machine.
 */
export function createUserTokenProvider(config: UserSignInConfig, deps: UserSignInDeps): UserTokenProvider {
  const app = new PublicClientApplication({
    auth: { clientId: config.clientId, ...msalAuthority(config.authorityUrl, config.tenantId) },
    system: { networkClient: deps.networkClient },
    ...(deps.cachePlugin ? { cache: { cachePlugin: deps.cachePlugin } } : {}),
  });
  let account: AccountInfo | undefined;

  async function findAccount(): Promise<AccountInfo | undefined> {
    if (account) return account;
    const accounts = await app.getTokenCache().getAllAccounts();
    account = accounts[0];
    return account;
  }

  const cache = createTokenCache({
    now: deps.now,
    refreshEarlyMs: deps.refreshEarlyMs ?? 5 * 60_000,
    acquire: async (scope: FabricScope, forceRefresh: boolean): Promise<AccessToken> => {
      const acc = await findAccount();
      if (!acc) {
        throw new FabricError(
          'FABRIC_AUTH',
          'You are not signed in to Microsoft Fabric.',
          'Sign in from Settings.',
        );
      }
      try {
        const result = await app.acquireTokenSilent({ account: acc, scopes: [scope], forceRefresh });
        return {
          token: result.accessToken,
          expiresOn: result.expiresOn?.getTime() ?? deps.now() + 5 * 60_000,
        };
      } catch (e) {
        throw mapEntraError(e);
      }
    },
  });

  return {
    getToken: (scope, options) => cache.get(scope, options),
    clear: () => cache.clear(),
    async signIn(options) {
      try {
        const result = await app.acquireTokenInteractive({
          scopes: [FABRIC_SCOPE],
          openBrowser: deps.openBrowser,
          ...(options?.loginHint ? { loginHint: options.loginHint } : {}),
          successTemplate:
            '<h1>Signed in</h1><p>You can close this tab and return to Fabric Data Portal.</p>',
          errorTemplate: '<h1>Sign-in failed</h1><p>Return to Fabric Data Portal for details.</p>',
        });
        if (!result.account) {
          throw new FabricError(
            'FABRIC_AUTH',
            'Entra ID did not return an account after sign-in.',
            'Try signing in again.',
          );
        }
        cache.clear();
        account = result.account;
        return toUser(result.account);
      } catch (e) {
        throw mapEntraError(e);
      }
    },
    async signOut() {
      const acc = await findAccount();
      cache.clear();
      account = undefined;
      if (acc) await app.getTokenCache().removeAccount(acc);
    },
    async currentUser() {
      const acc = await findAccount();
      return acc ? toUser(acc) : undefined;
    },
  };
}

function toUser(a: AccountInfo): SignedInUser {
  return { username: a.username, homeAccountId: a.homeAccountId, ...(a.name ? { name: a.name } : {}) };
}
