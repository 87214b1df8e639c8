import type { ServerResponse } from 'node:http';
import { sendFabricError } from './fabric-errors';
import { sendStorageError } from './onelake-errors';
import type { TokenCheck } from './token-issuer';

type Failed = Extract<TokenCheck, { ok: false }>;

/** 401 for the Fabric API: TokenExpired for expiry, Unauthorized when absent, InvalidToken otherwise. */
export function sendFabricAuthError(res: ServerResponse, check: Failed, requestId: string): void {
  const errorCode =
    check.reason === 'expired'
      ? 'TokenExpired'
      : check.reason === 'missing'
        ? 'Unauthorized'
        : 'InvalidToken';
  sendFabricError(
    res,
    401,
    { requestId, errorCode, message: check.message, isRetriable: false },
    { 'WWW-Authenticate': 'Bearer realm="", error="invalid_token"' },
  );
}

/** 401 for OneLake, as ADLS answers: NoAuthenticationInformation or InvalidAuthenticationInfo. */
export function sendStorageAuthError(
  res: ServerResponse,
  method: string,
  check: Failed,
  requestId: string,
): void {
  const code = check.reason === 'missing' ? 'NoAuthenticationInformation' : 'InvalidAuthenticationInfo';
  sendStorageError(
    res,
    method,
    401,
    code,
    `Server failed to authenticate the request. ${check.message}`,
    requestId,
  );
}
