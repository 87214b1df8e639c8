import type { ServerResponse } from 'node:http';
import { sendEntraError } from './entra-errors';
import { sendFabricError } from './fabric-errors';
import type { FaultAction } from './faults';
import { sendStorageError } from './onelake-errors';
import type { EmulatorService } from './request-log';

type StatusFault = Extract<FaultAction, { kind: 'status' }>;

const FABRIC_CODES: Record<number, string> = {
  429: 'RequestBlocked',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};
const STORAGE_CODES: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServerBusy',
  504: 'OperationTimedOut',
};

/** Answers an injected error status in the wire format of the service that was called. */
export function sendInjectedStatus(
  service: EmulatorService,
  method: string,
  res: ServerResponse,
  fault: StatusFault,
  requestId: string,
): void {
  const retryAfter = fault.retryAfterSec ?? (fault.status === 429 ? 1 : undefined);
  const headers: Record<string, string | number> =
    retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
  const retriable = fault.status === 429 || fault.status >= 500;
  const message = fault.message ?? `Injected fault: the emulator answers ${fault.status} to this request.`;
  if (service === 'jobs') {
    const errorCode = fault.errorCode ?? FABRIC_CODES[fault.status] ?? 'InjectedFault';
    return sendFabricError(
      res,
      fault.status,
      { requestId, errorCode, message, isRetriable: retriable },
      headers,
    );
  }
  if (service === 'onelake') {
    const code = fault.errorCode ?? STORAGE_CODES[fault.status] ?? 'InjectedFault';
    return sendStorageError(res, method, fault.status, code, message, requestId, headers);
  }
  const error = fault.errorCode ?? (retriable ? 'temporarily_unavailable' : 'invalid_request');
  // AADSTS90033: "A transient error has occurred. Please try again."
  sendEntraError(res, fault.status, error, retriable ? 90033 : 90000, message, headers);
}
