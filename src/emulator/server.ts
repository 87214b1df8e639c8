import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminApi } from './admin-api';
import { sendFabricAuthError, sendStorageAuthError } from './auth-responses';
import type { EntraService } from './entra';
import { sendEntraError } from './entra-errors';
import { sendFabricError } from './fabric-errors';
import { sendInjectedStatus } from './fault-responses';
import type { FaultController } from './faults';
import { type EmuRequest, sleep } from './http-util';
import type { JobsApi } from './jobs-api';
import type { OneLakeApi } from './onelake-api';
import { sendStorageError } from './onelake-errors';
import type { EmulatorService, RequestLog } from './request-log';
import { FABRIC_AUDIENCE, POWERBI_AUDIENCE, STORAGE_AUDIENCE, type TokenIssuer } from './token-issuer';

export interface RouterDeps {
  entra: EntraService;
  jobs: JobsApi;
  onelake: OneLakeApi;
  admin: AdminApi;
  tokens: TokenIssuer;
  faults: FaultController;
  log: RequestLog;
  /** aborted when the emulator stops, so injected delays do not hold shutdown */
  stopping: AbortSignal;
}

const ENTRA_PATH = /^\/[^/]+\/(oauth2\/|v2\.0\/\.well-known\/|\.well-known\/|discovery\/)/;

export function classify(path: string): EmulatorService {
  if (path === '/v1' || path.startsWith('/v1/')) return 'jobs';
  if (ENTRA_PATH.test(path)) return 'token';
  return 'onelake';
}

/** The request listener: admin calls, then per request: log, faults, auth, and the service handler. */
export function createRouter(deps: RouterDeps): (raw: IncomingMessage, res: ServerResponse) => void {
  return (raw, res) => {
    void route(deps, raw, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`emulator internal error: ${err instanceof Error ? err.message : String(err)}`);
      } else {
        res.destroy();
      }
    });
  };
}

async function route(deps: RouterDeps, raw: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const url = new URL(raw.url ?? '/', 'https://emulator.invalid');
  const req: EmuRequest = {
    raw,
    method: (raw.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: raw.headers,
    requestId: randomUUID(),
  };
  if (req.path === '/_emulator' || req.path.startsWith('/_emulator/')) return deps.admin.handle(req, res);

  const service = classify(req.path);
  let faultId: string | undefined;
  let dropped = false;
  // Logged when the status line is written, i.e. before any byte reaches the client (client and server
  // may share one event loop in tests, so 'finish' could come after the client saw the response), or at
  // 'close' for a dropped connection. A test that counts requests right after a response is exact.
  let logged = false;
  const record = (): void => {
    if (logged) return;
    logged = true;
    deps.log.record({
      service,
      method: req.method,
      path: req.path,
      url: raw.url ?? req.path,
      status: dropped ? 0 : res.statusCode,
      time: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      ...(faultId ? { faultId } : {}),
    });
  };
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const result = writeHead(...args);
    record();
    return result;
  }) as ServerResponse['writeHead'];
  res.once('close', record);

  const fault = deps.faults.match(service, req.method, req.path);
  if (fault) {
    faultId = fault.id;
    if (fault.action.kind === 'drop') {
      dropped = true;
      record();
      raw.socket.destroy();
      return;
    }
    if (fault.action.kind === 'status') {
      raw.resume();
      return sendInjectedStatus(service, req.method, res, fault.action, req.requestId);
    }
    await sleep(fault.action.ms, deps.stopping);
  }

  try {
    if (service === 'token') {
      if (!(await deps.entra.handle(req, res))) {
        sendEntraError(res, 404, 'invalid_request', 90000, `No Entra endpoint at ${req.path}.`);
      }
      return;
    }
    if (service === 'jobs') {
      const check = deps.tokens.check(req.headers.authorization, [FABRIC_AUDIENCE, POWERBI_AUDIENCE]);
      if (!check.ok) return sendFabricAuthError(res, check, req.requestId);
      return await deps.jobs.handle(req, res);
    }
    const check = deps.tokens.check(req.headers.authorization, [STORAGE_AUDIENCE]);
    if (!check.ok) return sendStorageAuthError(res, req.method, check, req.requestId);
    return await deps.onelake.handle(req, res);
  } catch (err) {
    if (res.headersSent) throw err;
    const message = `The emulator failed to handle the request: ${err instanceof Error ? err.message : String(err)}`;
    if (service === 'jobs') {
      return sendFabricError(res, 500, {
        requestId: req.requestId,
        errorCode: 'UnknownError',
        message,
        isRetriable: true,
      });
    }
    if (service === 'onelake')
      return sendStorageError(res, req.method, 500, 'InternalError', message, req.requestId);
    return sendEntraError(res, 500, 'server_error', 90000, message);
  }
}
