import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Abort the attempt after this long; the error then has code FABRIC_TIMEOUT. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A transport failure with whether the request had been fully written (the server may have acted on it). */
export class TransportError extends Error {
  readonly code: string;
  readonly sent: boolean;
  constructor(code: string, message: string, sent: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
    this.sent = sent;
  }
}

export const TIMEOUT_CODE = 'FABRIC_TIMEOUT';
export const ABORT_CODE = 'ABORT_ERR';

// A POST is never sent on a reused keep-alive socket: if the server closes an idle socket just as the
// request goes out, the client sees ECONNRESET and cannot tell whether a non-idempotent call (starting a
// job) was acted on. A fresh connection with the same trust settings removes that race.
const freshAgents = new WeakMap<https.Agent, https.Agent>();
function agentFor(agent: https.Agent, method: string): https.Agent {
  if (method !== 'POST') return agent;
  let fresh = freshAgents.get(agent);
  if (!fresh) {
    fresh = new https.Agent({ ...agent.options, keepAlive: false });
    freshAgents.set(agent, fresh);
  }
  return fresh;
}

/** One HTTPS exchange over the profile's agent, buffered. No retries here: see json-client.ts. */
export function sendHttps(agent: https.Agent, req: RawRequest): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(new TransportError(ABORT_CODE, 'The request was cancelled.', false));
      return;
    }
    let sent = false;
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const request = https.request(req.url, {
      method: req.method,
      headers,
      agent: agentFor(agent, req.method),
    });
    const fail = (code: string, message: string, cause?: unknown): void =>
      finish(() => {
        request.destroy();
        reject(new TransportError(code, message, sent, { cause }));
      });
    const timer = setTimeout(
      () => fail(TIMEOUT_CODE, `No answer within ${req.timeoutMs} ms.`),
      req.timeoutMs,
    );
    const onAbort = (): void => fail(ABORT_CODE, 'The request was cancelled.');
    req.signal?.addEventListener('abort', onAbort, { once: true });

    request.on('finish', () => {
      sent = true;
    });
    request.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? 'ECONNRESET', e.message, e));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? 'ECONNRESET', e.message, e));
      res.on('close', () => {
        if (!res.complete) fail('ECONNRESET', 'The connection closed while the answer was arriving.');
      });
      res.on('end', () =>
        finish(() =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        ),
      );
    });
    request.end(req.body);
  });
}
