/**
 * The one retry policy for Fabric calls, as pure decisions so it can be tested with a fake clock. The caller
 * performs the request, describes what happened as an Outcome and asks `decide` whether and when to retry.
 */
export interface RetryPolicyOptions {
  /** Most requests sent for one operation, the first included. */
  maxAttempts: number;
  /** First backoff step; doubled each retry. */
  baseDelayMs: number;
  /** Longest single wait. A Retry-After above it ends the retries rather than being shortened. */
  maxDelayMs: number;
  /** Whole operation budget, retries and waits included, from the first send. */
  deadlineMs: number;
  /** Longest wait for one answer; a slower answer counts as a timeout (retried when safe). */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  deadlineMs: 90_000,
  attemptTimeoutMs: 30_000,
};

export type Outcome =
  | { kind: 'response'; status: number; retryAfter?: string | null }
  | {
      kind: 'network';
      code: string;
      /** false when the connection never opened, so nothing was sent */ sent: boolean;
    }
  | { kind: 'timeout' };

export type RetryReason = 'throttled' | 'server' | 'network';

export type Decision =
  | { retry: true; delayMs: number; reason: RetryReason }
  | { retry: false; why: 'success' | 'not-retryable' | 'attempts' | 'deadline' | 'wait-too-long' | 'unsafe' };

export interface DecideInput {
  outcome: Outcome;
  /** Requests sent so far, including the one that produced `outcome` (1 after the first). */
  attempt: number;
  /** Milliseconds since the first send. */
  elapsedMs: number;
  /** Current time (epoch ms), to read Retry-After given as an HTTP date. */
  nowMs: number;
  /**
   * False for the job-starting POST: it may only be repeated when the server certainly did not act on it
   * (429, or the connection never opened).
   */
  idempotent: boolean;
  /** 0 ≤ r < 1, injected so tests are deterministic. */
  random: number;
}

const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'ECONNABORTED',
  'EAI_AGAIN',
]);

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

export function isRetryableNetworkCode(code: string): boolean {
  return RETRYABLE_NETWORK.has(code);
}

/** Retry-After as seconds ("120") or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Date.parse accepts bare numbers like "-1" as years; an HTTP date always names a day and month.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Exponential backoff with "equal jitter": half the step is fixed, half random, so waits never collapse to 0. */
export function backoffMs(attempt: number, opts: RetryPolicyOptions, random: number): number {
  const step = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random * (step / 2));
}

export function decide(input: DecideInput, opts: RetryPolicyOptions): Decision {
  const { outcome } = input;
  if (outcome.kind === 'response' && outcome.status < 400) return { retry: false, why: 'success' };

  let reason: RetryReason;
  let statedMs: number | undefined;
  if (outcome.kind === 'response') {
    if (!isRetryableStatus(outcome.status)) return { retry: false, why: 'not-retryable' };
    // A 429 means the request was refused before any work: safe even for the run POST. Any 5xx might have
    // come after Fabric queued the job, so the run POST is never repeated on those.
    if (!input.idempotent && outcome.status !== 429) return { retry: false, why: 'unsafe' };
    reason = outcome.status === 429 || outcome.status === 503 ? 'throttled' : 'server';
    if (outcome.status === 429 || outcome.status === 503)
      statedMs = parseRetryAfterMs(outcome.retryAfter, input.nowMs);
    if (reason === 'throttled' && statedMs === undefined && outcome.status === 503) reason = 'server';
  } else if (outcome.kind === 'network') {
    if (!isRetryableNetworkCode(outcome.code)) return { retry: false, why: 'not-retryable' };
    if (!input.idempotent && outcome.sent) return { retry: false, why: 'unsafe' };
    reason = 'network';
  } else {
    if (!input.idempotent) return { retry: false, why: 'unsafe' };
    // A timeout already consumed its share of the deadline; retrying is still worth it if time remains.
    reason = 'network';
  }

  if (input.attempt >= opts.maxAttempts) return { retry: false, why: 'attempts' };
  if (statedMs !== undefined && statedMs > opts.maxDelayMs) return { retry: false, why: 'wait-too-long' };
  const delayMs = statedMs ?? backoffMs(input.attempt, opts, input.random);
  if (input.elapsedMs + delayMs >= opts.deadlineMs) return { retry: false, why: 'deadline' };
  return { retry: true, delayMs, reason };
}
