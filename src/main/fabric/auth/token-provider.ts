import type { FabricScope } from '../endpoints';

export interface AccessToken {
  token: string;
  /** Epoch milliseconds. */
  expiresOn: number;
}

export interface GetTokenOptions {
  /** Skip every cache and ask Entra again (after a 401 from Fabric or OneLake). */
  forceRefresh?: boolean;
}

/** What the Fabric and OneLake clients need from authentication; both MSAL flows implement it. */
export interface TokenProvider {
  getToken(scope: FabricScope, options?: GetTokenOptions): Promise<AccessToken>;
  /** Forget cached tokens (sign-out, profile change). */
  clear(): void;
}
