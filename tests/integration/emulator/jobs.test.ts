import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index';
import { FabricSpec, JOB_PATHS, readExample } from './support/fabric-spec';
import {
  FABRIC_SCOPE,
  STORAGE_SCOPE,
  type WireJob,
  fabricCall,
  pipelinePath,
  pollJob,
  tokenFor,
} from './support/fixture';

const FABRIC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/;

describe('emulator Job Scheduler (real HTTPS, validated against ../shared/fabric-spec)', () => {
  const spec = new FabricSpec();
  let emu: Emulator;
  let token: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 20, jobsPageSize: 2 });
    token = await tokenFor(emu, FABRIC_SCOPE);
  });
  afterAll(async () => emu.stop());
  beforeEach(() => emu.faults.clear());

  function expectValid(path: string, method: string, status: number, body: unknown): void {
    expect(spec.validateBody(path, method, status, body)).toEqual([]);
  }

  async function run(body: unknown = { executionData: { parameters: { run_id: 'r1' } } }): Promise<string> {
    const res = await fabricCall(emu, 'POST', `${pipelinePath(emu)}/Pipeline/instances`, { token, body });
    expect(res.status).toBe(202);
    return String(res.headers.location);
  }

  it('the spec validator accepts the spec examples and rejects a wrong body', () => {
    const example = readExample('platform/examples/platform/ListItemJobInstancesWithContinuation.json');
    expectValid(JOB_PATHS.list, 'get', 200, example.responses['200']?.body);
    expect(spec.validateBody(JOB_PATHS.get, 'get', 200, { id: 'x', status: 'Done' })).not.toEqual([]);
  });

  it('run on demand answers 202 with Location and Retry-After, then NotStarted → InProgress → Completed', async () => {
    emu.faults.nextJob({ kind: 'complete' });
    const res = await fabricCall(emu, 'POST', `${pipelinePath(emu)}/Pipeline/instances`, {
      token,
      body: {
        executionData: {
          parameters: { run_id: 'run-42', input_path: 'Files/import/x.xlsx', batch: 3 },
          OwnerUserPrincipalName: 'someone@contoso.example',
          OwnerUserObjectId: emu.env.OWNER_OBJECT_ID,
        },
      },
    });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    const location = String(res.headers.location);
    expect(location).toMatch(
      new RegExp(
        `^${emu.env.FABRIC_API_URL}${pipelinePath(emu)}/instances/[0-9a-f-]{36}$`.replace(/\./g, '\\.'),
      ),
    );
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    const { job, seen } = await pollJob(emu, token, location);
    expect(seen).toEqual(['NotStarted', 'InProgress', 'Completed']);
    expect(job.status).toBe('Completed');
    expect(job.jobType).toBe('Pipeline');
    expect(job.invokeType).toBe('Manual');
    expect(job.itemId).toBe(emu.env.FABRIC_PIPELINE_ID);
    expect(job.startTimeUtc).toMatch(FABRIC_TIME);
    expect(job.endTimeUtc).toMatch(FABRIC_TIME);
    expect(job.failureReason).toBeNull();
    expectValid(JOB_PATHS.get, 'get', 200, job);
    const kept = emu.jobs.get(job.id);
    expect(kept?.parameters).toEqual({ run_id: 'run-42', input_path: 'Files/import/x.xlsx', batch: 3 });
    expect(kept?.ownerUpn).toBe('someone@contoso.example');
  });

  it('the legacy ?jobType=Pipeline form runs too; a non-terminal GET carries Retry-After', async () => {
    emu.faults.nextJob({ kind: 'hang' });
    const res = await fabricCall(emu, 'POST', `${pipelinePath(emu)}/instances?jobType=Pipeline`, { token });
    expect(res.status).toBe(202);
    const location = String(res.headers.location);
    const { job } = await pollJob(emu, token, location, ['InProgress']);
    const get = await fabricCall(emu, 'GET', location, { token });
    expect(get.headers['retry-after']).toMatch(/^\d+$/);
    expectValid(JOB_PATHS.get, 'get', 200, get.json());
    const cancel = await fabricCall(emu, 'POST', `${location}/cancel`, { token });
    expect(cancel.status).toBe(202);
    expect(spec.declaredHeaders(JOB_PATHS.cancel, 'post', '202')).toEqual(['Location', 'Retry-After']);
    expect(cancel.headers.location).toBe(location);
    expect(cancel.headers['retry-after']).toMatch(/^\d+$/);
    const end = await pollJob(emu, token, location);
    expect(end.job.status).toBe('Cancelled');
    expect(end.job.id).toBe(job.id);
  });

  it('a hanging job stays InProgress until cancelled', async () => {
    emu.faults.nextJob({ kind: 'hang' });
    const location = await run();
    await pollJob(emu, token, location, ['InProgress']);
    await new Promise((r) => setTimeout(r, 300)); // many job phases at speed 20
    expect((await fabricCall(emu, 'GET', location, { token })).json<WireJob>().status).toBe('InProgress');
    await fabricCall(emu, 'POST', `${location}/cancel`, { token });
    expect((await pollJob(emu, token, location)).job.status).toBe('Cancelled');
  });

  it('an injected failure ends Failed with the failureReason as an ErrorResponse', async () => {
    emu.faults.nextJob({ kind: 'fail', errorCode: 'NotebookFailed', message: 'Row 7: quantity is negative' });
    const { job } = await pollJob(emu, token, await run());
    expect(job.status).toBe('Failed');
    expect(job.failureReason).toMatchObject({
      errorCode: 'NotebookFailed',
      message: 'Row 7: quantity is negative',
    });
    expectValid(JOB_PATHS.get, 'get', 200, job);
  });

  it('an injected cancellation ends Cancelled without a cancel request', async () => {
    emu.faults.nextJob({ kind: 'cancelled' });
    const before = emu.requests.count({ path: /\/cancel$/ });
    const { job } = await pollJob(emu, token, await run());
    expect(job.status).toBe('Cancelled');
    // It had started (the InProgress window itself is too short to catch reliably on a loaded machine).
    expect(job.startTimeUtc).toBeTruthy();
    expect(emu.requests.count({ path: /\/cancel$/ })).toBe(before);
  });

  it('cancelling a finished job answers 400 JobAlreadyCompleted', async () => {
    emu.faults.nextJob({ kind: 'complete' });
    const location = await run();
    await pollJob(emu, token, location);
    const res = await fabricCall(emu, 'POST', `${location}/cancel`, { token });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ errorCode: 'JobAlreadyCompleted' });
    expect(res.headers['x-ms-public-api-error-code']).toBe('JobAlreadyCompleted');
    expectValid(JOB_PATHS.cancel, 'post', 400, res.json());
  });

  it('lists job instances newest first in pages with continuationToken and continuationUri', async () => {
    const fresh = await startEmulator({ speed: 50, jobsPageSize: 2 });
    try {
      const t = await tokenFor(fresh, FABRIC_SCOPE);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        fresh.faults.nextJob({ kind: 'complete' });
        const res = await fabricCall(fresh, 'POST', `${pipelinePath(fresh)}/Pipeline/instances`, {
          token: t,
        });
        ids.push(String(res.headers.location).split('/').pop() ?? '');
      }
      const pages: WireJob[][] = [];
      let next: string | undefined = `${pipelinePath(fresh)}/instances`;
      while (next) {
        const res = await fabricCall(fresh, 'GET', next, { token: t });
        expect(res.status).toBe(200);
        const body = res.json<{ value: WireJob[]; continuationToken?: string; continuationUri?: string }>();
        expect(spec.validateBody(JOB_PATHS.list, 'get', 200, body)).toEqual([]);
        pages.push(body.value);
        if (body.continuationUri) {
          expect(body.continuationUri).toContain(
            `continuationToken=${encodeURIComponent(body.continuationToken ?? '')}`,
          );
        } else {
          expect(body).not.toHaveProperty('continuationToken');
        }
        next = body.continuationUri;
      }
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((j) => j.id)).toEqual([...ids].reverse());
    } finally {
      await fresh.stop();
    }
  });

  it('with dedupe on, a second run of the same item while one is active ends Deduped', async () => {
    const dd = await startEmulator({ speed: 20, dedupe: true });
    try {
      const t = await tokenFor(dd, FABRIC_SCOPE);
      dd.faults.nextJob({ kind: 'hang' });
      const first = await fabricCall(dd, 'POST', `${pipelinePath(dd)}/Pipeline/instances`, { token: t });
      const second = await fabricCall(dd, 'POST', `${pipelinePath(dd)}/Pipeline/instances`, { token: t });
      expect(second.status).toBe(202);
      const deduped = await pollJob(dd, t, String(second.headers.location));
      expect(deduped.job.status).toBe('Deduped');
      expect(spec.validateBody(JOB_PATHS.get, 'get', 200, deduped.job)).toEqual([]);
      expect(
        (await fabricCall(dd, 'GET', String(first.headers.location), { token: t })).json<WireJob>().status,
      ).not.toBe('Deduped');
    } finally {
      await dd.stop();
    }
  });

  it('without dedupe two runs of the same item both run', async () => {
    emu.faults.nextJob({ kind: 'complete' });
    emu.faults.nextJob({ kind: 'complete' });
    const [a, b] = await Promise.all([run(), run()]);
    expect((await pollJob(emu, token, a)).job.status).toBe('Completed');
    expect((await pollJob(emu, token, b)).job.status).toBe('Completed');
  });

  it('answers 401 Unauthorized without a token, InvalidToken for a storage token, TokenExpired after expiry', async () => {
    const path = `${pipelinePath(emu)}/instances`;
    const none = await fabricCall(emu, 'GET', path);
    expect(none.status).toBe(401);
    expect(none.json()).toMatchObject({ errorCode: 'Unauthorized' });
    expectValid(JOB_PATHS.list, 'get', 401, none.json());

    const storage = await fabricCall(emu, 'GET', path, { token: await tokenFor(emu, STORAGE_SCOPE) });
    expect(storage.status).toBe(401);
    expect(storage.json()).toMatchObject({ errorCode: 'InvalidToken' });
    expect(storage.json<{ message: string }>().message).toMatch(/audience/i);

    const forged = await fabricCall(emu, 'GET', path, { token: `${token.slice(0, -4)}AAAA` });
    expect(forged.json()).toMatchObject({ errorCode: 'InvalidToken' });

    const own = await tokenFor(emu, FABRIC_SCOPE);
    emu.faults.expireAllTokens();
    const expired = await fabricCall(emu, 'GET', path, { token: own });
    expect(expired.status).toBe(401);
    expect(expired.json()).toMatchObject({ errorCode: 'TokenExpired' });
    expectValid(JOB_PATHS.list, 'get', 401, expired.json());
    token = await tokenFor(emu, FABRIC_SCOPE); // a token issued after expiry works again
    expect((await fabricCall(emu, 'GET', path, { token })).status).toBe(200);
  });

  it('tokens expire by themselves after tokenLifetimeSec', async () => {
    const short = await startEmulator({ tokenLifetimeSec: 1 });
    try {
      const t = await tokenFor(short, FABRIC_SCOPE);
      expect((await fabricCall(short, 'GET', `${pipelinePath(short)}/instances`, { token: t })).status).toBe(
        200,
      );
      await new Promise((r) => setTimeout(r, 1100));
      const res = await fabricCall(short, 'GET', `${pipelinePath(short)}/instances`, { token: t });
      expect(res.json()).toMatchObject({ errorCode: 'TokenExpired' });
    } finally {
      await short.stop();
    }
  });

  it('answers 404 ItemNotFound for an unknown workspace or item, and for an unknown job instance', async () => {
    const ws = await fabricCall(
      emu,
      'GET',
      `/workspaces/00000000-0000-0000-0000-000000000000/items/${emu.env.FABRIC_PIPELINE_ID}/jobs/instances`,
      { token },
    );
    expect(ws.status).toBe(404);
    expect(ws.json()).toMatchObject({ errorCode: 'ItemNotFound' });
    expectValid(JOB_PATHS.list, 'get', 404, ws.json());
    const item = await fabricCall(
      emu,
      'POST',
      `/workspaces/${emu.env.FABRIC_WORKSPACE_ID}/items/11111111-1111-1111-1111-111111111111/jobs/Pipeline/instances`,
      { token },
    );
    expect(item.status).toBe(404);
    expect(item.json()).toMatchObject({ errorCode: 'ItemNotFound' });
    expectValid(JOB_PATHS.run, 'post', 404, item.json());
    const job = await fabricCall(
      emu,
      'GET',
      `${pipelinePath(emu)}/instances/22222222-2222-2222-2222-222222222222`,
      { token },
    );
    expect(job.status).toBe(404);
    expectValid(JOB_PATHS.get, 'get', 404, job.json());
  });

  it('answers 400 for a wrong job type, malformed JSON, and top-level parameters', async () => {
    const wrongType = await fabricCall(emu, 'POST', `${pipelinePath(emu)}/RunNotebook/instances`, { token });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json()).toMatchObject({ errorCode: 'InvalidJobType' });
    expectValid(JOB_PATHS.run, 'post', 400, wrongType.json());
    const badJson = await fabricCall(emu, 'POST', `${pipelinePath(emu)}/Pipeline/instances`, {
      token,
      rawBody: '{"executionData":',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.json()).toMatchObject({ errorCode: 'InvalidInput' });
    expectValid(JOB_PATHS.run, 'post', 400, badJson.json());
    const params = await fabricCall(emu, 'POST', `${pipelinePath(emu)}/Pipeline/instances`, {
      token,
      body: { parameters: [{ name: 'a', type: 'Text', value: 'b' }] },
    });
    expect(params.json()).toMatchObject({ errorCode: 'FeatureNotAvailable' });
    expect(emu.jobs.list().filter((j) => j.status === 'NotStarted')).toEqual([]);
  });

  it('an injected 429 carries Retry-After and a spec-valid ErrorResponse on every job operation', async () => {
    const location = await (async () => {
      emu.faults.nextJob({ kind: 'complete' });
      return run();
    })();
    emu.faults.inject({
      service: 'jobs',
      times: 4,
      action: { kind: 'status', status: 429, retryAfterSec: 7 },
    });
    const calls: Array<[string, string, string, string]> = [
      ['POST', `${pipelinePath(emu)}/Pipeline/instances`, JOB_PATHS.run, 'post'],
      ['GET', location, JOB_PATHS.get, 'get'],
      ['GET', `${pipelinePath(emu)}/instances`, JOB_PATHS.list, 'get'],
      ['POST', `${location}/cancel`, JOB_PATHS.cancel, 'post'],
    ];
    for (const [method, path, specPath, specMethod] of calls) {
      const res = await fabricCall(emu, method, path, { token });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.json()).toMatchObject({ errorCode: 'RequestBlocked', isRetriable: true });
      expectValid(specPath, specMethod, 429, res.json());
    }
    expect((await fabricCall(emu, 'GET', location, { token })).status).toBe(200);
  });
});
