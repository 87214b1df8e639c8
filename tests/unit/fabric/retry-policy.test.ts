import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  decide,
  isRetryableStatus,
  parseRetryAfterMs,
  type DecideInput,
  type RetryPolicyOptions,
} from '../../../src/main/fabric/http/retry-policy';

const opts: RetryPolicyOptions = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  deadlineMs: 20_000,
  attemptTimeoutMs: 5_000,
};
const NOW = Date.parse('2026-11-26T12:00:00Z');
const input = (o: Partial<DecideInput> & Pick<DecideInput, 'outcome'>): DecideInput => ({
  attempt: 1,
  elapsedMs: 0,
  nowMs: NOW,
  idempotent: true,
  random: 0.5,
  ...o,
});

describe('parseRetryAfterMs', () => {
  it('reads delta seconds, fractional seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('2', NOW)).toBe(2000);
    expect(parseRetryAfterMs(' 0.5 ', NOW)).toBe(500);
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 12:00:03 GMT', NOW)).toBe(3000);
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 11:59:00 GMT', NOW)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfterMs(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfterMs(null, NOW)).toBeUndefined();
    expect(parseRetryAfterMs('soon', NOW)).toBeUndefined();
    expect(parseRetryAfterMs('-1', NOW)).toBeUndefined();
  });
});

describe('which statuses are retried', () => {
  it('retries 408, 429 and 5xx except 501 and 505', () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 501, 505].some(isRetryableStatus)).toBe(false);
  });
});

describe('backoffMs', () => {
  it('doubles per attempt with equal jitter and is capped', () => {
    expect(backoffMs(1, opts, 0)).toBe(50);
    expect(backoffMs(1, opts, 0.999)).toBe(100);
    expect(backoffMs(3, opts, 0)).toBe(200);
    expect(backoffMs(3, opts, 1)).toBe(400);
    expect(backoffMs(20, opts, 1)).toBe(5_000);
    expect(backoffMs(20, opts, 0)).toBe(2_500);
  });
});

describe('decide', () => {
  it('honours Retry-After on 429 and 503 exactly', () => {
    expect(decide(input({ outcome: { kind: 'response', status: 429, retryAfter: '3' } }), opts)).toEqual({
      retry: true,
      delayMs: 3000,
      reason: 'throttled',
    });
    expect(
      decide(
        input({ outcome: { kind: 'response', status: 503, retryAfter: 'Thu, 26 Nov 2026 12:00:02 GMT' } }),
        opts,
      ),
    ).toEqual({ retry: true, delayMs: 2000, reason: 'throttled' });
  });

  it('backs off on 5xx without Retry-After, and on retryable network errors', () => {
    expect(decide(input({ attempt: 2, outcome: { kind: 'response', status: 503 } }), opts)).toEqual({
      retry: true,
      delayMs: 150,
      reason: 'server',
    });
    expect(decide(input({ outcome: { kind: 'network', code: 'ECONNRESET', sent: true } }), opts)).toEqual({
      retry: true,
      delayMs: 75,
      reason: 'network',
    });
  });

  it('never retries other 4xx, 501, or unknown network errors', () => {
    for (const status of [400, 401, 403, 404, 409, 501, 505]) {
      expect(decide(input({ outcome: { kind: 'response', status } }), opts)).toEqual({
        retry: false,
        why: 'not-retryable',
      });
    }
    expect(decide(input({ outcome: { kind: 'network', code: 'ENOTFOUND', sent: false } }), opts).retry).toBe(
      false,
    );
    expect(
      decide(input({ outcome: { kind: 'network', code: 'CERT_HAS_EXPIRED', sent: false } }), opts).retry,
    ).toBe(false);
  });

  it('does not retry the run POST after it may have reached Fabric, but does on 429 and refused connections', () => {
    const post = { idempotent: false };
    expect(decide(input({ ...post, outcome: { kind: 'response', status: 500 } }), opts)).toEqual({
      retry: false,
      why: 'unsafe',
    });
    expect(
      decide(input({ ...post, outcome: { kind: 'response', status: 503, retryAfter: '1' } }), opts),
    ).toEqual({
      retry: false,
      why: 'unsafe',
    });
    expect(
      decide(input({ ...post, outcome: { kind: 'network', code: 'ECONNRESET', sent: true } }), opts),
    ).toEqual({
      retry: false,
      why: 'unsafe',
    });
    expect(decide(input({ ...post, outcome: { kind: 'timeout' } }), opts)).toEqual({
      retry: false,
      why: 'unsafe',
    });
    expect(
      decide(input({ ...post, outcome: { kind: 'response', status: 429, retryAfter: '1' } }), opts).retry,
    ).toBe(true);
    expect(
      decide(input({ ...post, outcome: { kind: 'network', code: 'ECONNREFUSED', sent: false } }), opts).retry,
    ).toBe(true);
  });

  it('stops at the attempt limit, the deadline, and a Retry-After beyond the per-wait cap', () => {
    expect(decide(input({ attempt: 4, outcome: { kind: 'response', status: 500 } }), opts)).toEqual({
      retry: false,
      why: 'attempts',
    });
    expect(decide(input({ elapsedMs: 19_950, outcome: { kind: 'response', status: 500 } }), opts)).toEqual({
      retry: false,
      why: 'deadline',
    });
    expect(
      decide(input({ elapsedMs: 17_500, outcome: { kind: 'response', status: 429, retryAfter: '3' } }), opts),
    ).toEqual({
      retry: false,
      why: 'deadline',
    });
    expect(decide(input({ outcome: { kind: 'response', status: 429, retryAfter: '60' } }), opts)).toEqual({
      retry: false,
      why: 'wait-too-long',
    });
  });

  it('calls any status below 400 a success', () => {
    expect(decide(input({ outcome: { kind: 'response', status: 202 } }), opts)).toEqual({
      retry: false,
      why: 'success',
    });
  });
});
