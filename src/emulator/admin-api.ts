import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FaultController, FaultRule, JobOutcome } from './faults';
import { type EmuRequest, readBody, sendEmpty, sendJson } from './http-util';
import type { JobRunner } from './job-runner';
import type { RequestFilter, RequestLog } from './request-log';

export interface AdminDeps {
  adminToken: string;
  faults: FaultController;
  log: RequestLog;
  runner: JobRunner;
}

/**
 * /_emulator/... : fault injection for tests in another process. Every call needs
 * `Authorization: Bearer <adminToken>`; the token is only handed out by the programmatic API
 * (and, for the CLI, a 0600 file next to the CA certificate).
 */
export class AdminApi {
  private readonly tokenBuf: Buffer;

  constructor(private readonly deps: AdminDeps) {
    this.tokenBuf = Buffer.from(`Bearer ${deps.adminToken}`);
  }

  async handle(req: EmuRequest, res: ServerResponse): Promise<void> {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== this.tokenBuf.length || !timingSafeEqual(given, this.tokenBuf)) {
      req.raw.resume();
      return sendJson(res, 401, {
        error: 'The admin API needs Authorization: Bearer <adminToken> from startEmulator().',
      });
    }
    try {
      await this.dispatch(req, res);
    } catch (err) {
      sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  private async dispatch(req: EmuRequest, res: ServerResponse): Promise<void> {
    const route = `${req.method} ${req.path.replace(/\/+$/, '')}`;
    const { faults, log, runner } = this.deps;
    let m: RegExpExecArray | null;
    if (route === 'POST /_emulator/faults') {
      const rule = (await readJson(req)) as FaultRule;
      return sendJson(res, 201, { id: faults.inject(rule) });
    }
    if (route === 'DELETE /_emulator/faults') {
      faults.clear();
      return sendEmpty(res, 204);
    }
    if (req.method === 'DELETE' && (m = /^\/_emulator\/faults\/([^/]+)$/.exec(req.path))) {
      return faults.remove(m[1] ?? '')
        ? sendEmpty(res, 204)
        : sendJson(res, 404, { error: 'no such fault rule' });
    }
    if (route === 'POST /_emulator/tokens/expire') {
      faults.expireAllTokens();
      return sendEmpty(res, 204);
    }
    if (route === 'POST /_emulator/jobs/next') {
      faults.nextJob((await readJson(req)) as JobOutcome);
      return sendEmpty(res, 204);
    }
    if (route === 'GET /_emulator/jobs') return sendJson(res, 200, { value: runner.list() });
    if (route === 'GET /_emulator/requests') {
      const q = req.query;
      const filter: RequestFilter = {};
      const service = q.get('service');
      if (service === 'token' || service === 'jobs' || service === 'onelake') filter.service = service;
      if (q.get('method')) filter.method = q.get('method') ?? undefined;
      if (q.get('path')) filter.path = q.get('path') ?? undefined;
      if (q.get('status')) filter.status = Number(q.get('status'));
      const value = log.filter(filter);
      return sendJson(res, 200, { count: value.length, value });
    }
    if (route === 'DELETE /_emulator/requests') {
      log.clear();
      return sendEmpty(res, 204);
    }
    sendJson(res, 404, { error: `no admin endpoint ${route}` });
  }
}

async function readJson(req: EmuRequest): Promise<unknown> {
  const text = (await readBody(req.raw, 64 * 1024)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('The admin request body must be JSON.');
  }
}
