import type https from 'node:https';
import {
  createDefaultHttpClient,
  isRestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { STORAGE_SCOPE } from '../endpoints';
import { networkFailure, timeoutFailure, type OperationContext } from '../errors';
import type { TokenProvider } from '../auth/token-provider';
import { ABORT_CODE, TIMEOUT_CODE, TransportError } from '../http/https-request';
import { runWithRetryOf, type RetryLoopDeps } from '../http/retry-loop';

export interface StorageHttpClientDeps extends RetryLoopDeps {
  agent: https.Agent;
  tokens: TokenProvider;
}

const OP: OperationContext = { action: 'reach OneLake' };

/**
 * The HttpClient under the DataLake SDK's pipeline. It sends over the profile's agent (so only the profile CA
 * is trusted), applies the shared retry policy (the SDK's own is switched off: it ignores Retry-After and 429),
 * and on a 401 resends once with a fresh storage token. Requests whose body is a one-shot stream are sent once.
 */
export function createStorageHttpClient(deps: StorageHttpClientDeps): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      request.agent = deps.agent;
      const host = new URL(request.url).host;
      const callerSignal = request.abortSignal;
      const replayable = isReplayable(request.body);
      // A rename that succeeded but whose answer was lost would fail on retry with SourcePathNotFound.
      const idempotent = replayable && !request.headers.has('x-ms-rename-source');
      const retry = replayable ? deps.retry : { ...deps.retry, maxAttempts: 1 };

      const result = await runWithRetryOf<PipelineResponse>(
        { ...deps, retry },
        {
          op: OP,
          host,
          idempotent,
          ...(callerSignal ? { signal: callerSignal as AbortSignal } : {}),
          onUnauthorized: async () => {
            if (!replayable) return false;
            // Joins a refresh already under way for another request rather than asking Entra twice.
            const sent = request.headers.get('authorization');
            const current = await deps.tokens.getToken(STORAGE_SCOPE);
            if (`Bearer ${current.token}` === sent)
              await deps.tokens.getToken(STORAGE_SCOPE, { forceRefresh: true });
            return true;
          },
        },
        async (timeoutMs) => {
          // The SDK's bearer policy keeps its own copy of the token; after we replaced a revoked one it would
          // send the old one until its next refresh, so the header always carries our cache's current token.
          if (request.headers.has('authorization')) {
            request.headers.set(
              'authorization',
              `Bearer ${(await deps.tokens.getToken(STORAGE_SCOPE)).token}`,
            );
          }
          return attempt(inner, request, callerSignal as AbortSignal | undefined, timeoutMs);
        },
        (r) => {
          const retryAfter = r.headers.get('retry-after');
          return retryAfter === undefined ? { status: r.status } : { status: r.status, retryAfter };
        },
        (r) => r.readableStreamBody?.resume(),
      );
      request.abortSignal = callerSignal;
      if (result.response) return result.response;
      if (result.outcome.kind === 'timeout') {
        throw timeoutFailure(OP, deps.retry.deadlineMs / 1000, { attempts: result.attempts });
      }
      throw networkFailure(result.transportError, host, OP, {
        attempts: result.attempts,
      });
    },
  };
}

/** One send with a per-attempt timeout that covers the wait for the response headers, not the body. */
async function attempt(
  inner: HttpClient,
  request: PipelineRequest,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<PipelineResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = (): void => controller.abort();
  if (callerSignal?.aborted) throw new TransportError(ABORT_CODE, 'The request was cancelled.', false);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  request.abortSignal = controller.signal;
  let streaming = false;
  try {
    const response = await inner.sendRequest(request);
    const stream = response.readableStreamBody;
    if (stream && callerSignal) {
      // The body is still arriving: the caller must be able to cancel it until it ends.
      streaming = true;
      stream.once('close', () => callerSignal.removeEventListener('abort', onCallerAbort));
    }
    return response;
  } catch (e) {
    if (timedOut)
      throw new TransportError(TIMEOUT_CODE, `No answer within ${timeoutMs} ms.`, true, { cause: e });
    if (callerSignal?.aborted)
      throw new TransportError(ABORT_CODE, 'The request was cancelled.', true, { cause: e });
    const code = (isRestError(e) ? e.code : undefined) ?? codeOf(e) ?? 'ECONNRESET';
    throw new TransportError(code, e instanceof Error ? e.message : String(e), true, { cause: e });
  } finally {
    clearTimeout(timer);
    if (!streaming) callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
    ? e.code
    : undefined;
}

function isReplayable(body: PipelineRequest['body']): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    typeof body === 'function' ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}
