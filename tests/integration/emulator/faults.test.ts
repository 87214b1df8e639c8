import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index';
import { FABRIC_SCOPE, STORAGE_SCOPE, fabricCall, pipelinePath, pollJob, tokenFor } from './support/fixture';
import { httpsRequest } from './support/https-request';

describe('emulator fault injection, observed over HTTPS', () => {
  let emu: Emulator;
  let fabric: string;
  let storage: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 20 });
    fabric = await tokenFor(emu, FABRIC_SCOPE);
    storage = await tokenFor(emu, STORAGE_SCOPE);
  });
  afterAll(async () => emu.stop());
  beforeEach(() => {
    emu.faults.clear();
    emu.requests.clear();
  });

  const listJobs = (): ReturnType<typeof fabricCall> =>
    fabricCall(emu, 'GET', `${pipelinePath(emu)}/instances`, { token: fabric });
  const listFiles = (): ReturnType<typeof httpsRequest> =>
    httpsRequest(
      `${emu.env.ONELAKE_URL}/${emu.env.FABRIC_WORKSPACE_ID}?resource=filesystem&recursive=false`,
      {
        ca: emu.caCertPem,
        headers: { Authorization: `Bearer ${storage}` },
      },
    );
  const tokenRequest = (): ReturnType<typeof httpsRequest> =>
    httpsRequest(`${emu.env.FABRIC_AUTHORITY_URL}/${emu.env.FABRIC_TENANT_ID}/oauth2/v2.0/token`, {
      method: 'POST',
      ca: emu.caCertPem,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emu.env.FABRIC_CLIENT_ID,
        client_secret: emu.env.FABRIC_CLIENT_SECRET,
        scope: FABRIC_SCOPE,
      }).toString(),
    });

  it('429 with Retry-After in each service’s own error format', async () => {
    for (const service of ['jobs', 'onelake', 'token'] as const) {
      emu.faults.inject({ service, action: { kind: 'status', status: 429, retryAfterSec: 3 } });
    }
    const jobs = await listJobs();
    expect(jobs.status).toBe(429);
    expect(jobs.headers['retry-after']).toBe('3');
    expect(jobs.json()).toMatchObject({ errorCode: 'RequestBlocked', isRetriable: true });
    const lake = await listFiles();
    expect(lake.status).toBe(429);
    expect(lake.headers['retry-after']).toBe('3');
    expect(lake.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    const token = await tokenRequest();
    expect(token.status).toBe(429);
    expect(token.headers['retry-after']).toBe('3');
    expect(token.json()).toMatchObject({ error: 'temporarily_unavailable' });
    // each rule applied once (the default), so the next calls succeed
    expect((await listJobs()).status).toBe(200);
    expect((await listFiles()).status).toBe(200);
    expect((await tokenRequest()).status).toBe(200);
  });

  it('500 and 503 with the matching error codes', async () => {
    emu.faults.inject({ service: 'onelake', action: { kind: 'status', status: 503, retryAfterSec: 1 } });
    emu.faults.inject({ service: 'jobs', action: { kind: 'status', status: 500 } });
    const lake = await listFiles();
    expect(lake.status).toBe(503);
    expect(lake.headers['x-ms-error-code']).toBe('ServerBusy');
    const jobs = await listJobs();
    expect(jobs.status).toBe(500);
    expect(jobs.json()).toMatchObject({ errorCode: 'InternalServerError', isRetriable: true });
  });

  it('applies a rule N times, matching method and path regex only', async () => {
    emu.faults.inject({
      service: 'jobs',
      method: 'GET',
      path: /\/jobs\/instances$/,
      times: 2,
      action: { kind: 'status', status: 503 },
    });
    emu.faults.nextJob({ kind: 'complete' });
    const run = await fabricCall(emu, 'POST', `${pipelinePath(emu)}/Pipeline/instances`, { token: fabric });
    expect(run.status).toBe(202); // POST does not match
    const location = String(run.headers.location);
    expect((await fabricCall(emu, 'GET', location, { token: fabric })).status).toBe(200); // other path
    expect([(await listJobs()).status, (await listJobs()).status, (await listJobs()).status]).toEqual([
      503, 503, 200,
    ]);
    expect(emu.requests.count({ service: 'jobs', status: 503 })).toBe(2);
    expect(emu.requests.count({ service: 'jobs', method: 'GET' })).toBe(4);
  });

  it("'always' applies until the rule is removed", async () => {
    const id = emu.faults.inject({
      service: 'onelake',
      times: 'always',
      action: { kind: 'status', status: 500 },
    });
    for (let i = 0; i < 3; i++) expect((await listFiles()).status).toBe(500);
    expect(emu.faults.remove(id)).toBe(true);
    expect((await listFiles()).status).toBe(200);
  });

  it('a slow response waits at least the injected delay, then answers normally', async () => {
    emu.faults.inject({ service: 'jobs', action: { kind: 'delay', ms: 400 } });
    const started = Date.now();
    const res = await listJobs();
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(res.status).toBe(200);
    expect(emu.requests.all()[0]?.durationMs).toBeGreaterThanOrEqual(400);
  });

  it('a dropped connection destroys the socket without an HTTP answer', async () => {
    emu.faults.inject({ service: 'onelake', action: { kind: 'drop' } });
    const err = await listFiles().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as NodeJS.ErrnoException).code ?? (err as Error).message).toMatch(
      /ECONNRESET|socket hang up/,
    );
    expect(emu.requests.all()).toMatchObject([{ service: 'onelake', status: 0 }]);
    expect((await listFiles()).status).toBe(200);
  });

  it('token expiry makes every issued token fail on jobs (TokenExpired) and OneLake (InvalidAuthenticationInfo)', async () => {
    const f = await tokenFor(emu, FABRIC_SCOPE);
    const s = await tokenFor(emu, STORAGE_SCOPE);
    emu.faults.expireAllTokens();
    const jobs = await fabricCall(emu, 'GET', `${pipelinePath(emu)}/instances`, { token: f });
    expect(jobs.json()).toMatchObject({ errorCode: 'TokenExpired' });
    const lake = await httpsRequest(
      `${emu.env.ONELAKE_URL}/${emu.env.FABRIC_WORKSPACE_ID}?resource=filesystem`,
      {
        ca: emu.caCertPem,
        headers: { Authorization: `Bearer ${s}` },
      },
    );
    expect(lake.status).toBe(401);
    expect(lake.headers['x-ms-error-code']).toBe('InvalidAuthenticationInfo');
    fabric = await tokenFor(emu, FABRIC_SCOPE);
    storage = await tokenFor(emu, STORAGE_SCOPE);
    expect((await listJobs()).status).toBe(200);
  });

  it('rejects malformed rules with a message saying what to fix', () => {
    expect(() => emu.faults.inject({ service: 'jobz' as never, action: { kind: 'drop' } })).toThrow(
      /service must be one of/,
    );
    expect(() => emu.faults.inject({ service: 'jobs', action: { kind: 'status', status: 200 } })).toThrow(
      /400-599/,
    );
    expect(() => emu.faults.inject({ service: 'jobs', times: 0, action: { kind: 'drop' } })).toThrow(
      /positive integer/,
    );
  });

  describe('admin HTTP API (/_emulator, for another process)', () => {
    const admin = (
      method: string,
      path: string,
      body?: unknown,
      token = emu.adminToken,
    ): ReturnType<typeof httpsRequest> =>
      httpsRequest(`${emu.url}/_emulator${path}`, {
        method,
        ca: emu.caCertPem,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('refuses calls without the admin token', async () => {
      const res = await admin('POST', '/tokens/expire', undefined, 'wrong');
      expect(res.status).toBe(401);
      expect((await listJobs()).status).toBe(200); // nothing expired
    });

    it('injects a rule (path regex as a string), reports the request log, and clears', async () => {
      const created = await admin('POST', '/faults', {
        service: 'jobs',
        path: '/jobs/instances$',
        times: 'always',
        action: { kind: 'status', status: 429, retryAfterSec: 2 },
      });
      expect(created.status).toBe(201);
      expect(created.json<{ id: string }>().id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await listJobs()).status).toBe(429);
      expect((await listJobs()).status).toBe(429);
      const log = await admin('GET', '/requests?service=jobs&status=429');
      expect(log.json()).toMatchObject({ count: 2 });
      expect((await admin('DELETE', '/faults')).status).toBe(204);
      expect((await listJobs()).status).toBe(200);
      expect((await admin('DELETE', '/requests')).status).toBe(204);
      expect(emu.requests.count()).toBe(0);
    });

    it('queues a job outcome and expires tokens', async () => {
      expect(
        (await admin('POST', '/jobs/next', { kind: 'fail', errorCode: 'Boom', message: 'injected' })).status,
      ).toBe(204);
      const run = await fabricCall(emu, 'POST', `${pipelinePath(emu)}/Pipeline/instances`, { token: fabric });
      const { job } = await pollJob(emu, fabric, String(run.headers.location));
      expect(job.failureReason).toMatchObject({ errorCode: 'Boom', message: 'injected' });
      const jobs = await admin('GET', '/jobs');
      expect(jobs.json<{ value: Array<{ id: string }> }>().value.map((j) => j.id)).toContain(job.id);
      expect((await admin('POST', '/tokens/expire')).status).toBe(204);
      expect((await listJobs()).json()).toMatchObject({ errorCode: 'TokenExpired' });
      fabric = await tokenFor(emu, FABRIC_SCOPE);
    });

    it('answers 400 with the reason for a malformed rule', async () => {
      const res = await admin('POST', '/faults', { service: 'jobs', action: { kind: 'explode' } });
      expect(res.status).toBe(400);
      expect(res.json<{ error: string }>().error).toMatch(/action.kind/);
    });
  });
});
