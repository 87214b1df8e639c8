import type { ServerResponse } from 'node:http';
import { sendJson } from './http-util';

/** Fabric's ErrorResponse (common/definitions.json). */
export interface FabricError {
  errorCode: string;
  message: string;
  requestId?: string;
  isRetriable?: boolean;
}

export function sendFabricError(
  res: ServerResponse,
  status: number,
  error: FabricError,
  headers: Record<string, string | number> = {},
): void {
  const body: FabricError = {
    requestId: error.requestId,
    errorCode: error.errorCode,
    message: error.message,
  };
  if (error.isRetriable !== undefined) body.isRetriable = error.isRetriable;
  sendJson(res, status, body, {
    'x-ms-public-api-error-code': error.errorCode,
    ...(error.requestId ? { RequestId: error.requestId } : {}),
    ...headers,
  });
}
