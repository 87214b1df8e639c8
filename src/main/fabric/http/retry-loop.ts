import { AppError } from '../../../shared/contract/errors';
import { formatSeconds, throttledMessage, type OperationContext } from '../errors';
import type { Clock } from './clock';
import { ABORT_CODE, TIMEOUT_CODE, TransportError, type RawResponse } from './https-request';
import {
  decide,
  type Decision,
  type Outcome,
  type RetryPolicyOptions,
  type RetryReason,
} from './retry-policy';

export interface RetryEvent {
  /** Requests sent so far. */
  attempt: number;
  delayMs: number;
  reason: RetryReason;
  status?: number;
  /** A sentence for the UI, e.g. "Fabric is throttling requests; retrying in 2 s". */
  message: string;
}

export interface RetryLoopDeps {
  retry: RetryPolicyOptions;
  clock: Clock;
  random: () => number;
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryContext {
  op: OperationContext;
  host: string;
  idempotent: boolean;
  signal?: AbortSignal;
  /** Called on a 401; resolve true to resend at once (e.g. after fetching a fresh token). */
  onUnauthorized?: () => Promise<boolean>;
}

/** How the last attempt ended, for the caller to return or turn into an error. */
export interface LoopResult<R = RawResponse> {
  outcome: Outcome;
  response?: R;
  transportError?: TransportError;
  attempts: number;
  /** Why retrying stopped. */
  stop: Extract<Decision, { retry: false }>['why'];
  finishedAt: number;
}

/** Status and Retry-After of a response, whatever its shape. */
export interface ResponseFacts {
  status: number;
  retryAfter?: string;
}

const rawFacts = (r: RawResponse): ResponseFacts => {
  const v = r.headers['retry-after'];
  const retryAfter = Array.isArray(v) ? v[0] : v;
  return retryAfter === undefined ? { status: r.status } : { status: r.status, retryAfter };
};

/**
 * Sends `attempt` until it succeeds or the retry policy says stop. A cancelled signal ends the loop with
 * CANCELLED. Every other ending is returned, not thrown, so each caller maps it its own way.
 */
export function runWithRetry(
  deps: RetryLoopDeps,
  ctx: RetryContext,
  attempt: (timeoutMs: number) => Promise<RawResponse>,
): Promise<LoopResult> {
  return runWithRetryOf(deps, ctx, attempt, rawFacts);
}

/** runWithRetry for any response shape; `discard` releases a response being retried (e.g. a streamed body). */
export async function runWithRetryOf<R>(
  deps: RetryLoopDeps,
  ctx: RetryContext,
  attempt: (timeoutMs: number) => Promise<R>,
  facts: (r: R) => ResponseFacts,
  discard?: (r: R) => void,
): Promise<LoopResult<R>> {
  const started = deps.clock.now();
  let attempts = 0;
  let unauthorizedHandled = false;
  for (;;) {
    const remaining = deps.retry.deadlineMs - (deps.clock.now() - started);
    if (remaining <= 0 && attempts > 0) {
      return { outcome: { kind: 'timeout' }, attempts, stop: 'deadline', finishedAt: deps.clock.now() };
    }
    attempts++;
    let outcome: Outcome;
    let response: R | undefined;
    let transportError: TransportError | undefined;
    try {
      response = await attempt(Math.max(1, Math.min(deps.retry.attemptTimeoutMs, remaining)));
      const f = facts(response);
      outcome = { kind: 'response', status: f.status, retryAfter: f.retryAfter };
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      if (e.code === ABORT_CODE) throw cancelled(ctx.op);
      transportError = e;
      outcome =
        e.code === TIMEOUT_CODE ? { kind: 'timeout' } : { kind: 'network', code: e.code, sent: e.sent };
    }

    const status = outcome.kind === 'response' ? outcome.status : undefined;
    if (status === 401 && !unauthorizedHandled && ctx.onUnauthorized) {
      unauthorizedHandled = true;
      if (await ctx.onUnauthorized()) {
        if (response !== undefined) discard?.(response);
        continue;
      }
    }

    const now = deps.clock.now();
    const decision = decide(
      {
        outcome,
        attempt: attempts,
        elapsedMs: now - started,
        nowMs: now,
        idempotent: ctx.idempotent,
        random: deps.random(),
      },
      deps.retry,
    );
    if (!decision.retry) {
      return {
        outcome,
        attempts,
        stop: decision.why,
        finishedAt: now,
        ...(response === undefined ? {} : { response }),
        ...(transportError ? { transportError } : {}),
      };
    }
    if (response !== undefined) discard?.(response);
    deps.onRetry?.({
      attempt: attempts,
      delayMs: decision.delayMs,
      reason: decision.reason,
      ...(status === undefined ? {} : { status }),
      message: retryMessage(decision.reason, decision.delayMs, status, ctx.host),
    });
    try {
      await deps.clock.sleep(decision.delayMs, ctx.signal);
    } catch {
      throw cancelled(ctx.op);
    }
  }
}

function cancelled(op: OperationContext): AppError {
  return new AppError('CANCELLED', `Stopped trying to ${op.action}.`);
}

function retryMessage(
  reason: RetryReason,
  delayMs: number,
  status: number | undefined,
  host: string,
): string {
  const seconds = Math.round(delayMs / 100) / 10;
  if (reason === 'throttled') return throttledMessage(seconds);
  if (reason === 'server')
    return `Fabric answered ${status ?? 'with an error'}; retrying in ${formatSeconds(seconds)}`;
  return `The connection to ${host} failed; retrying in ${formatSeconds(seconds)}`;
}
