import type { IncomingHttpHeaders } from 'node:http';
import type { FabricScope } from '../endpoints';
import {
  fabricResponseFailure,
  formatSeconds,
  malformedResponse,
  networkFailure,
  outcomeUnknownFailure,
  timeoutFailure,
  type FabricError,
  type OperationContext,
  type ServiceErrorBody,
} from '../errors';
import type { TokenProvider } from '../auth/token-provider';
import type { RawRequest, RawResponse } from './https-request';
import { parseRetryAfterMs } from './retry-policy';
import { runWithRetry, type LoopResult, type RetryLoopDeps } from './retry-loop';

export interface JsonClientDeps extends RetryLoopDeps {
  send: (req: RawRequest) => Promise<RawResponse>;
  tokens: TokenProvider;
  userAgent?: string;
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  url: string;
  scope: FabricScope;
  body?: unknown;
  /** False for calls that must not be repeated blindly (the job-starting POST). */
  idempotent: boolean;
  op: OperationContext;
  signal?: AbortSignal;
}

export interface JsonResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  attempts: number;
}

export interface JsonClient {
  request(req: JsonRequest): Promise<JsonResponse>;
}

/**
 * The HTTPS JSON client for Fabric REST: adds the bearer token, applies the retry policy, fetches a fresh token
 * once on a 401, and turns every failure into a FabricError with a sentence a person can act on.
 */
export function createJsonClient(deps: JsonClientDeps): JsonClient {
  return {
    async request(req) {
      const host = new URL(req.url).host;
      let forceRefresh = false;
      const result = await runWithRetry(
        deps,
        {
          op: req.op,
          host,
          idempotent: req.idempotent,
          ...(req.signal ? { signal: req.signal } : {}),
          onUnauthorized: async () => {
            forceRefresh = true;
            return true;
          },
        },
        async (timeoutMs) => {
          const token = await deps.tokens.getToken(req.scope, { forceRefresh });
          forceRefresh = false;
          return deps.send(buildRequest(req, token.token, timeoutMs, deps.userAgent));
        },
      );
      const { response } = result;
      if (response && response.status < 400) {
        return {
          status: response.status,
          headers: response.headers,
          body: parseBody(response, req.op),
          attempts: result.attempts,
        };
      }
      throw failure(req, result, host, deps.retry.deadlineMs);
    },
  };
}

function buildRequest(req: JsonRequest, token: string, timeoutMs: number, userAgent?: string): RawRequest {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (userAgent) headers['user-agent'] = userAgent;
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  } else if (req.method === 'POST') {
    body = '';
  }
  return {
    method: req.method,
    url: req.url,
    headers,
    timeoutMs,
    ...(body === undefined ? {} : { body }),
    ...(req.signal ? { signal: req.signal } : {}),
  };
}

function parseBody(response: RawResponse, op: OperationContext): unknown {
  if (response.body.length === 0) return undefined;
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    throw malformedResponse(op, `status ${response.status} with a body that is not JSON`);
  }
}

function errorBody(response: RawResponse): ServiceErrorBody | undefined {
  try {
    const parsed: unknown = JSON.parse(response.body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const o = parsed as Record<string, unknown>;
    return {
      ...(typeof o.errorCode === 'string' ? { errorCode: o.errorCode } : {}),
      ...(typeof o.message === 'string' ? { message: o.message } : {}),
    };
  } catch {
    return undefined;
  }
}

function failure(req: JsonRequest, result: LoopResult, host: string, deadlineMs: number): FabricError {
  const { outcome, attempts, response } = result;
  if (outcome.kind === 'timeout') {
    if (!req.idempotent) {
      return outcomeUnknownFailure(req.op, `no answer came within ${formatSeconds(deadlineMs / 1000)}`, {
        attempts,
      });
    }
    return timeoutFailure(req.op, deadlineMs / 1000, { attempts });
  }
  if (outcome.kind === 'network') {
    if (!req.idempotent && outcome.sent) {
      return outcomeUnknownFailure(req.op, `the connection to ${host} was dropped before Fabric answered`, {
        attempts,
      });
    }
    return networkFailure(result.transportError, host, req.op, { attempts });
  }
  if (!req.idempotent && outcome.status >= 500) {
    return outcomeUnknownFailure(req.op, `Fabric answered ${outcome.status}`, {
      attempts,
      status: outcome.status,
    });
  }
  const retryAfterMs = parseRetryAfterMs(outcome.retryAfter, result.finishedAt);
  return fabricResponseFailure(outcome.status, response ? errorBody(response) : undefined, req.op, {
    attempts,
    ...(retryAfterMs === undefined ? {} : { retryAfterSec: Math.ceil(retryAfterMs / 1000) }),
  });
}
