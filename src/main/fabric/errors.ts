import { AppError, type ErrorCode } from '../../shared/contract/errors';

/** Facts about a failed Fabric/OneLake/Entra call that callers may branch on (never secrets). */
export interface FabricErrorDetails {
  /** HTTP status of the last response, when there was one. */
  status?: number;
  /** Service error code: Fabric `errorCode`, DFS `x-ms-error-code`, or an Entra `AADSTS…` code. */
  serviceCode?: string;
  /** True when a job-starting POST may or may not have reached Fabric: reconcile against the job list. */
  outcomeUnknown?: boolean;
  /** Requests sent for this operation, retries included. */
  attempts?: number;
  /** Seconds Fabric asked us to wait (429/503). */
  retryAfterSec?: number;
}

export class FabricError extends AppError {
  readonly details: FabricErrorDetails;
  constructor(
    code: ErrorCode,
    message: string,
    hint: string | undefined,
    details: FabricErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, hint, options);
    this.name = 'FabricError';
    this.details = details;
  }
}

export function isFabricError(e: unknown): e is FabricError {
  return e instanceof FabricError;
}

/** What a call was doing, in words for the person reading the error ("start the pipeline"). */
export interface OperationContext {
  action: string;
  /** Sentence used for a 404, since only the caller knows which id was missing and where it is set. */
  notFound?: string;
}

// ---------------------------------------------------------------- network, TLS, timeouts

const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
]);
const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function errorCodeOf(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

export function isCertificateError(e: unknown): boolean {
  const code = errorCodeOf(e);
  return code !== undefined && CERT_CODES.has(code);
}

export function networkFailure(
  e: unknown,
  host: string,
  op: OperationContext,
  details: FabricErrorDetails = {},
): FabricError {
  const code = errorCodeOf(e) ?? 'unknown';
  if (CERT_CODES.has(code)) {
    return new FabricError(
      'FABRIC_HTTP',
      `Could not ${op.action}: the certificate presented by ${host} is not trusted (${code}).`,
      'In demo mode restart the app so it trusts the emulator’s new certificate. On a company network, ask IT whether a proxy intercepts HTTPS, and set its CA certificate in Settings.',
      details,
      { cause: e },
    );
  }
  if (OFFLINE_CODES.has(code)) {
    return new FabricError(
      'OFFLINE',
      `Could not ${op.action}: ${host} cannot be reached (${code}).`,
      'Check your network connection or VPN, and the endpoint URLs in Settings. Nothing was changed; try again when you are online.',
      details,
      { cause: e },
    );
  }
  return new FabricError(
    'FABRIC_HTTP',
    `Could not ${op.action}: the connection to ${host} was dropped (${code}).`,
    'This is usually temporary. Try again in a minute; if it keeps happening check your network or proxy.',
    details,
    { cause: e },
  );
}

export function timeoutFailure(
  op: OperationContext,
  seconds: number,
  details: FabricErrorDetails = {},
): FabricError {
  return new FabricError(
    'TIMEOUT',
    `Could not ${op.action}: no answer within ${formatSeconds(seconds)}.`,
    'Fabric may be slow or unreachable right now. Try again in a minute.',
    details,
  );
}

/** The job-starting POST failed after it may have reached Fabric: retrying could start a second run. */
export function outcomeUnknownFailure(
  op: OperationContext,
  why: string,
  details: FabricErrorDetails = {},
): FabricError {
  return new FabricError(
    'FABRIC_HTTP',
    `The request to ${op.action} was sent but ${why}, so it is unknown whether Fabric started the run.`,
    'The run will be reconciled against the job list in Fabric; do not start it again until that has finished.',
    { ...details, outcomeUnknown: true },
  );
}

// ---------------------------------------------------------------- Fabric REST responses

/** Fields of a Fabric ErrorResponse body that the mapping uses. */
export interface ServiceErrorBody {
  errorCode?: string;
  message?: string;
}

export function throttledMessage(retryInSec: number): string {
  return `Fabric is throttling requests; retrying in ${formatSeconds(retryInSec)}`;
}

export function fabricResponseFailure(
  status: number,
  body: ServiceErrorBody | undefined,
  op: OperationContext,
  details: FabricErrorDetails = {},
): FabricError {
  const serviceCode = body?.errorCode;
  const said = body?.message ? ` Fabric said: ${body.message}` : '';
  const d: FabricErrorDetails = { ...details, status, ...(serviceCode ? { serviceCode } : {}) };
  if (status === 401) {
    return new FabricError(
      'FABRIC_AUTH',
      `Could not ${op.action}: Fabric rejected the access token (${serviceCode ?? '401'}).`,
      'Sign in again, or check the tenant, client id and secret in Settings.',
      d,
    );
  }
  if (status === 403) {
    return new FabricError(
      'FABRIC_PERMISSION',
      `Could not ${op.action}: the signed-in identity lacks permission on the workspace (${serviceCode ?? '403'}).${said}`,
      'Ask a workspace admin to give this identity (user or service principal) the Contributor role or higher on the workspace.',
      d,
    );
  }
  if (status === 404) {
    return new FabricError(
      'NOT_FOUND',
      op.notFound ?? `Could not ${op.action}: Fabric says it does not exist (${serviceCode ?? '404'}).`,
      'Check the workspace, pipeline and lakehouse ids in Settings.',
      d,
    );
  }
  if (status === 409 || serviceCode === 'JobAlreadyCompleted') {
    return new FabricError(
      'CONFLICT',
      `Could not ${op.action}: ${body?.message ?? 'it conflicts with the current state'}.`,
      undefined,
      d,
    );
  }
  if (status === 429) {
    const wait = details.retryAfterSec;
    return new FabricError(
      'FABRIC_THROTTLED',
      `Could not ${op.action}: Fabric is throttling requests${wait === undefined ? '' : ` and asked to wait ${formatSeconds(wait)}`}.`,
      'Wait a little and try again; other analysts or schedules may be using the same capacity.',
      d,
    );
  }
  if (status >= 500) {
    return new FabricError(
      'FABRIC_HTTP',
      `Could not ${op.action}: Fabric answered ${status}${serviceCode ? ` ${serviceCode}` : ''}${details.attempts && details.attempts > 1 ? ` on all ${details.attempts} attempts` : ''}.`,
      'Fabric is having trouble; try again in a few minutes and check the Fabric status page if it persists.',
      d,
    );
  }
  return new FabricError(
    'FABRIC_HTTP',
    `Could not ${op.action}: Fabric refused the request (${status}${serviceCode ? ` ${serviceCode}` : ''}).${said}`,
    undefined,
    d,
  );
}

/** A 2xx answer whose body does not have the documented shape. */
export function malformedResponse(op: OperationContext, problem: string): FabricError {
  return new FabricError(
    'FABRIC_HTTP',
    `Could not ${op.action}: Fabric's answer did not have the expected shape (${problem}).`,
    'The Fabric API may have changed; report this with the Diagnostics page output.',
  );
}

export function formatSeconds(s: number): string {
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}
