import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator';
import {
  createFabricClients,
  FabricError,
  FABRIC_SCOPE,
  isTerminalStatus,
  type FabricClients,
  type ItemJobInstance,
  type RetryEvent,
} from '../../../src/main/fabric';
import { emulatorProfile } from './emulator-profile';

// Each row: one fault, the outcome the caller sees, and the exact number of requests that reached Fabric.
let emu: Emulator;
let clients: FabricClients;
let retries: RetryEvent[];
const GET_JOB = /\/jobs\/instances\/[^/]+$/;
const RUN = /\/jobs\/Pipeline\/instances$/;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, speed: 20 });
  clients = createFabricClients(emulatorProfile(emu), {
    retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 2_000, deadlineMs: 8_000, attemptTimeoutMs: 8_000 },
    onRetry: (e) => retries.push(e),
  });
});
afterAll(async () => {
  clients?.close();
  await emu?.stop();
});

let jobId: string;
beforeEach(async () => {
  emu.faults.clear();
  retries = [];
  emu.faults.nextJob({ kind: 'complete' });
  jobId = (await clients.jobs.runPipeline({ parameters: {}, ownerUpn: 'a@b.c', ownerObjectId: 'o-1' }))
    .jobInstanceId;
  emu.requests.clear();
});

const jobs = (path?: RegExp, method?: string) =>
  emu.requests.count({ service: 'jobs', ...(path ? { path } : {}), ...(method ? { method } : {}) });
const run = () => clients.jobs.runPipeline({ parameters: {}, ownerUpn: 'a@b.c', ownerObjectId: 'o-1' });
const caught = async (p: Promise<unknown>) =>
  (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as FabricError;

async function waitForStatus(id: string, status: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await clients.jobs.getJob(id)).job.status === status) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} never reached ${status}`);
}

async function waitForTerminal(id: string): Promise<ItemJobInstance> {
  for (let i = 0; i < 200; i++) {
    const { job } = await clients.jobs.getJob(id);
    if (isTerminalStatus(job.status)) return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('fault matrix (emulator over HTTPS, real clients)', () => {
  it('429 with Retry-After: 1 → waits the stated second, then succeeds (2 GETs)', async () => {
    emu.faults.inject({
      service: 'jobs',
      method: 'GET',
      path: GET_JOB,
      action: { kind: 'status', status: 429, retryAfterSec: 1 },
    });
    const t0 = Date.now();
    const { job } = await clients.jobs.getJob(jobId);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(job.id).toBe(jobId);
    expect(jobs(GET_JOB)).toBe(2);
    expect(retries).toEqual([
      {
        attempt: 1,
        delayMs: 1000,
        reason: 'throttled',
        status: 429,
        message: 'Fabric is throttling requests; retrying in 1 s',
      },
    ]);
  });

  it('429 on the run POST → retried (Fabric did no work), exactly one job created (2 POSTs)', async () => {
    emu.faults.inject({
      service: 'jobs',
      method: 'POST',
      path: RUN,
      action: { kind: 'status', status: 429, retryAfterSec: 1 },
    });
    const before = emu.jobs.list().length;
    const accepted = await run();
    expect(emu.jobs.list().length).toBe(before + 1);
    expect(emu.jobs.get(accepted.jobInstanceId)).toBeDefined();
    expect(jobs(RUN, 'POST')).toBe(2);
  });

  it('500 once → backoff, then succeeds (2 GETs)', async () => {
    emu.faults.inject({ service: 'jobs', method: 'GET', action: { kind: 'status', status: 500 } });
    expect((await clients.jobs.getJob(jobId)).job.id).toBe(jobId);
    expect(jobs(GET_JOB)).toBe(2);
    expect(retries.map((r) => r.reason)).toEqual(['server']);
  });

  it('503 with Retry-After → honoured, then succeeds (2 GETs)', async () => {
    emu.faults.inject({
      service: 'jobs',
      method: 'GET',
      action: { kind: 'status', status: 503, retryAfterSec: 1 },
    });
    expect((await clients.jobs.getJob(jobId)).job.id).toBe(jobId);
    expect(jobs(GET_JOB)).toBe(2);
    expect(retries[0]?.delayMs).toBe(1000);
  });

  it('500 every time → FABRIC_HTTP after maxAttempts (3 GETs)', async () => {
    emu.faults.inject({
      service: 'jobs',
      method: 'GET',
      times: 'always',
      action: { kind: 'status', status: 500 },
    });
    const err = await caught(clients.jobs.getJob(jobId));
    expect(err.code).toBe('FABRIC_HTTP');
    expect(err.message).toContain('Fabric answered 500 InternalServerError on all 3 attempts');
    expect(err.details.attempts).toBe(3);
    expect(jobs(GET_JOB)).toBe(3);
  });

  it('500 on the run POST → NOT retried, outcome unknown (1 POST)', async () => {
    emu.faults.inject({
      service: 'jobs',
      method: 'POST',
      path: RUN,
      action: { kind: 'status', status: 500 },
    });
    const err = await caught(run());
    expect(err.code).toBe('FABRIC_HTTP');
    expect(err.details.outcomeUnknown).toBe(true);
    expect(err.message).toContain('unknown whether Fabric started the run');
    expect(err.hint).toContain('reconciled against the job list');
    expect(jobs(RUN, 'POST')).toBe(1);
  });

  it('dropped connection on GET → retried, succeeds (2 GETs, first logged as dropped)', async () => {
    emu.faults.inject({ service: 'jobs', method: 'GET', action: { kind: 'drop' } });
    expect((await clients.jobs.getJob(jobId)).job.id).toBe(jobId);
    expect(jobs(GET_JOB)).toBe(2);
    expect(emu.requests.count({ service: 'jobs', status: 0 })).toBe(1);
    expect(retries.map((r) => r.reason)).toEqual(['network']);
  });

  it('dropped connection on the run POST → NOT retried, outcome unknown (exactly 1 POST)', async () => {
    emu.faults.inject({ service: 'jobs', method: 'POST', path: RUN, action: { kind: 'drop' } });
    const err = await caught(run());
    expect(err.code).toBe('FABRIC_HTTP');
    expect(err.details.outcomeUnknown).toBe(true);
    expect(err.message).toMatch(
      /connection to 127\.0\.0\.1:\d+ was dropped before Fabric answered, so it is unknown whether Fabric started the run/,
    );
    expect(jobs(RUN, 'POST')).toBe(1);
    expect(retries).toEqual([]);
  });

  it('slow answer beyond the deadline → TIMEOUT (1 GET)', async () => {
    const slow = createFabricClients(emulatorProfile(emu), {
      retry: { maxAttempts: 3, baseDelayMs: 20, deadlineMs: 400, attemptTimeoutMs: 400 },
    });
    try {
      await slow.tokens.getToken(FABRIC_SCOPE);
      emu.faults.inject({ service: 'jobs', method: 'GET', action: { kind: 'delay', ms: 2_000 } });
      const t0 = Date.now();
      const err = await caught(slow.jobs.getJob(jobId));
      expect(err.code).toBe('TIMEOUT');
      expect(err.message).toContain('no answer within 0.4 s');
      expect(Date.now() - t0).toBeLessThan(1_800); // gave up before the server answered
      // The emulator logs a request when it finishes answering, so wait for the delayed one to land.
      for (let i = 0; i < 60 && jobs(GET_JOB) === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(jobs(GET_JOB)).toBe(1);
    } finally {
      slow.close();
    }
  });

  it('expired token → 401, one token refresh, one resend, success (2 GETs, 1 token request)', async () => {
    emu.requests.clear();
    emu.faults.expireAllTokens();
    expect((await clients.jobs.getJob(jobId)).job.id).toBe(jobId);
    expect(jobs(GET_JOB)).toBe(2);
    expect(emu.requests.count({ service: 'jobs', status: 401 })).toBe(1);
    expect(emu.requests.count({ service: 'token' })).toBe(1);
    // The fresh token is cached: the next call sends no token request.
    await clients.jobs.getJob(jobId);
    expect(emu.requests.count({ service: 'token' })).toBe(1);
  });

  it('403 InsufficientPrivileges → FABRIC_PERMISSION, not retried (1 GET)', async () => {
    emu.faults.inject({
      service: 'jobs',
      method: 'GET',
      action: {
        kind: 'status',
        status: 403,
        errorCode: 'InsufficientPrivileges',
        message: 'The caller does not have sufficient permissions.',
      },
    });
    const err = await caught(clients.jobs.getJob(jobId));
    expect(err.code).toBe('FABRIC_PERMISSION');
    expect(err.details.serviceCode).toBe('InsufficientPrivileges');
    expect(err.hint).toContain('Contributor role');
    expect(jobs(GET_JOB)).toBe(1);
  });

  it('a job that fails → getJob shows Failed with the failureReason', async () => {
    emu.faults.nextJob({ kind: 'fail', errorCode: 'InputInvalid', message: 'Sheet "Orders" is missing.' });
    const { jobInstanceId } = await run();
    const job = await waitForTerminal(jobInstanceId);
    expect(job.status).toBe('Failed');
    expect(job.failureReason?.errorCode).toBe('InputInvalid');
    expect(job.failureReason?.message).toBe('Sheet "Orders" is missing.');
  });

  it('a job that hangs stays InProgress (polls keep answering) until cancelled', async () => {
    emu.faults.nextJob({ kind: 'hang' });
    const { jobInstanceId } = await run();
    await waitForStatus(jobInstanceId, 'InProgress');
    emu.requests.clear();
    for (let i = 0; i < 5; i++) {
      const snap = await clients.jobs.getJob(jobInstanceId);
      expect(snap.job.status).toBe('InProgress');
      expect(snap.retryAfterSec).toBeDefined();
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(jobs(GET_JOB)).toBe(5);
    await clients.jobs.cancelJob(jobInstanceId);
    expect((await waitForTerminal(jobInstanceId)).status).toBe('Cancelled');
  });

  it('a job that Fabric cancels → Cancelled', async () => {
    emu.faults.nextJob({ kind: 'cancelled' });
    const { jobInstanceId } = await run();
    const job = await waitForTerminal(jobInstanceId);
    expect(job.status).toBe('Cancelled');
  });

  it('wrong secret → FABRIC_AUTH with the AADSTS sentence; no Fabric request is sent (1 token request)', async () => {
    const bad = createFabricClients(
      emulatorProfile(emu, {
        credentials: { kind: 'client-credentials', clientId: emu.env.FABRIC_CLIENT_ID, clientSecret: 'nope' },
      }),
    );
    try {
      const err = await caught(bad.jobs.getJob(jobId));
      expect(err.code).toBe('FABRIC_AUTH');
      expect(err.message).toContain('Entra ID refused the client secret of this profile (AADSTS7000215: ');
      expect(emu.requests.count({ service: 'token' })).toBe(1);
      expect(jobs()).toBe(0);
    } finally {
      bad.close();
    }
  });

  it('token endpoint 503 every time → FABRIC_HTTP naming Entra, after maxAttempts token POSTs', async () => {
    const fresh = createFabricClients(emulatorProfile(emu), { retry: { maxAttempts: 2, baseDelayMs: 20 } });
    try {
      emu.faults.inject({
        service: 'token',
        method: 'POST',
        times: 'always',
        action: { kind: 'status', status: 503 },
      });
      const err = await caught(fresh.tokens.getToken(FABRIC_SCOPE));
      expect(err.code).toBe('FABRIC_HTTP');
      expect(err.message).toContain('Entra ID could not issue a sign-in token right now (503');
      expect(emu.requests.count({ service: 'token', method: 'POST' })).toBe(2);
    } finally {
      fresh.close();
    }
  });

  it('token endpoint 503 once → MSAL request retried by the shared policy (2 token POSTs)', async () => {
    const fresh = createFabricClients(emulatorProfile(emu), { retry: { baseDelayMs: 20 } });
    try {
      emu.faults.inject({ service: 'token', method: 'POST', action: { kind: 'status', status: 503 } });
      const t = await fresh.tokens.getToken(FABRIC_SCOPE);
      expect(t.token.length).toBeGreaterThan(20);
      expect(emu.requests.count({ service: 'token', method: 'POST' })).toBe(2);
    } finally {
      fresh.close();
    }
  });
});
