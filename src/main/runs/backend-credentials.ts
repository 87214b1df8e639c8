import { isAppError, type AppError } from '../../shared/contract/errors';
import { settledWithin } from '../async/settled-within';
import { FABRIC_SCOPE, type TokenProvider } from '../fabric';

/** How long a backend's open waits for Entra ID's verdict on the client secret (default). */
export const CREDENTIAL_CHECK_MS = 5_000;

/**
 * Asks Entra ID for a token when a client-credentials backend opens and answers the refusal, if Entra
 * refused the credentials (FABRIC_AUTH: wrong, expired or unknown), else null. A refusal keeps the backend
 * closed, so the app says "Signed out" exactly as for a missing secret. Entra being slow, throttling or out of
 * reach says nothing about the secret: after `waitMs` (or at such a failure) the open goes on, and the Fabric
 * health check, which shares this token request, reports what came of it.
 */
export async function credentialRefusal(tokens: TokenProvider, waitMs: number): Promise<AppError | null> {
  const verdict = tokens.getToken(FABRIC_SCOPE).then(
    () => null,
    (e: unknown) => (isAppError(e) && e.code === 'FABRIC_AUTH' ? e : null),
  );
  return settledWithin(verdict, waitMs);
}
