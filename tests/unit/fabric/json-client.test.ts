import { describe, expect, it } from 'vitest';
import type { TokenProvider } from '../../../src/main/fabric/auth/token-provider';
import { FABRIC_SCOPE } from '../../../src/main/fabric/endpoints';
import type { FabricError } from '../../../src/main/fabric/errors';
import type { Clock } from '../../../src/main/fabric/http/clock';
import {
  TransportError,
  type RawRequest,
  type RawResponse,
} from '../../../src/main/fabric/http/https-request';
import { createJsonClient, type JsonRequest } from '../../../src/main/fabric/http/json-client';
import type { RetryEvent } from '../../../src/main/fabric/http/retry-loop';

// Logic of the retry loop with a fake clock and scripted answers; the same paths run for real against the
// emulator in tests/integration/fabric/fault-matrix.test.ts.
type Step = RawResponse | TransportError | ((req: RawRequest) => RawResponse);

function harness(steps: Step[], retry = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const sent: RawRequest[] = [];
  const events: RetryEvent[] = [];
  const tokenCalls: boolean[] = [];
  let tokenN = 0;
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  const tokens: TokenProvider = {
    getToken: async (_scope, o) => {
      tokenCalls.push(o?.forceRefresh === true);
      if (o?.forceRefresh || tokenN === 0) tokenN++;
      return { token: `tok${tokenN}`, expiresOn: 1e12 };
    },
    clear: () => {},
  };
  const client = createJsonClient({
    send: async (req) => {
      sent.push(req);
      const step = steps.shift();
      if (!step) throw new Error('no more scripted answers');
      if (step instanceof TransportError) throw step;
      const res = typeof step === 'function' ? step(req) : step;
      now += 10;
      return res;
    },
    tokens,
    clock,
    random: () => 0.5,
    retry: {
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 5_000,
      deadlineMs: 30_000,
      attemptTimeoutMs: 10_000,
      ...retry,
    },
    onRetry: (e) => events.push(e),
  });
  return { client, sleeps, sent, events, tokenCalls };
}

const res = (status: number, body?: unknown, headers: Record<string, string> = {}): RawResponse => ({
  status,
  headers,
  body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
});
const get: JsonRequest = {
  method: 'GET',
  url: 'https://api.example/v1/x',
  scope: FABRIC_SCOPE,
  idempotent: true,
  op: { action: 'read x' },
};

describe('JSON client retry loop', () => {
  it('waits the Retry-After, tells onRetry in words, and returns the parsed body', async () => {
    const h = harness([
      res(429, { errorCode: 'RequestBlocked', message: 'slow down' }, { 'retry-after': '2' }),
      res(200, { ok: 1 }),
    ]);
    const out = await h.client.request(get);
    expect(out).toMatchObject({ status: 200, body: { ok: 1 }, attempts: 2 });
    expect(h.sleeps).toEqual([2000]);
    expect(h.events).toEqual([
      {
        attempt: 1,
        delayMs: 2000,
        reason: 'throttled',
        status: 429,
        message: 'Fabric is throttling requests; retrying in 2 s',
      },
    ]);
    expect(h.sent[0]?.headers.authorization).toBe('Bearer tok1');
  });

  it('gives each attempt only the time left before the deadline', async () => {
    const h = harness([res(500), res(500), res(200, {})], { deadlineMs: 1_000, attemptTimeoutMs: 900 });
    await h.client.request(get);
    // backoff 75 ms then 150 ms, each answer takes 10 ms: the third attempt has 1000 - 245 ms left.
    expect(h.sent.map((r) => r.timeoutMs)).toEqual([900, 900, 755]);
  });

  it('fetches a fresh token once on 401 and resends immediately; a second 401 is FABRIC_AUTH', async () => {
    const h = harness([res(401), res(200, { v: 2 })]);
    expect((await h.client.request(get)).body).toEqual({ v: 2 });
    expect(h.tokenCalls).toEqual([false, true]);
    expect(h.sent.map((r) => r.headers.authorization)).toEqual(['Bearer tok1', 'Bearer tok2']);
    expect(h.sleeps).toEqual([]);

    const h2 = harness([res(401), res(401, { errorCode: 'TokenExpired', message: 'x' })]);
    const err = (await h2.client.request(get).catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('FABRIC_AUTH');
    expect(h2.sent).toHaveLength(2);
  });

  it('reports throttling that outlasts the attempts as FABRIC_THROTTLED with the wait Fabric asked for', async () => {
    const h = harness(
      [429, 429].map(() => res(429, { errorCode: 'RequestBlocked', message: 'm' }, { 'retry-after': '1' })),
      {
        maxAttempts: 2,
      },
    );
    const err = (await h.client.request(get).catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('FABRIC_THROTTLED');
    expect(err.details).toMatchObject({
      status: 429,
      attempts: 2,
      retryAfterSec: 1,
      serviceCode: 'RequestBlocked',
    });
    expect(err.message).toContain('asked to wait 1 s');
  });

  it('never resends a non-idempotent POST whose connection dropped after sending', async () => {
    const h = harness([new TransportError('ECONNRESET', 'socket hang up', true)]);
    const err = (await h.client
      .request({ ...get, method: 'POST', idempotent: false, op: { action: 'start the pipeline' } })
      .catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('FABRIC_HTTP');
    expect(err.details.outcomeUnknown).toBe(true);
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]?.body).toBe('');
  });

  it('maps a timeout of an idempotent call to TIMEOUT after the retries', async () => {
    const h = harness(
      [0, 1, 2, 3].map(() => new TransportError('FABRIC_TIMEOUT', 'slow', true)),
      { deadlineMs: 100_000 },
    );
    const err = (await h.client.request(get).catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('TIMEOUT');
    expect(err.details.attempts).toBe(4);
    expect(h.sleeps).toEqual([75, 150, 300]);
  });

  it('a 2xx with a body that is not JSON is a clear FABRIC_HTTP error', async () => {
    const h = harness([{ status: 200, headers: {}, body: Buffer.from('<html>proxy login</html>') }]);
    const err = (await h.client.request(get).catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('FABRIC_HTTP');
    expect(err.message).toContain('did not have the expected shape');
  });
});
