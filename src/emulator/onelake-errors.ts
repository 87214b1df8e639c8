import type { ServerResponse } from 'node:http';

/** Sends an ADLS Gen2 error: JSON body {"error":{"code","message"}} plus x-ms-error-code (no body for HEAD). */
export function sendStorageError(
  res: ServerResponse,
  method: string,
  status: number,
  code: string,
  message: string,
  requestId: string,
  headers: Record<string, string | number> = {},
): void {
  const full = `${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}`;
  const common = {
    'x-ms-error-code': code,
    'x-ms-request-id': requestId,
    'x-ms-version': '2023-11-03',
    ...headers,
  };
  if (method === 'HEAD') {
    res.writeHead(status, { ...common, 'Content-Length': 0 });
    res.end();
    return;
  }
  const text = JSON.stringify({ error: { code, message: full } });
  res.writeHead(status, {
    ...common,
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A failure an OneLake handler raises; the dispatcher turns it into sendStorageError. */
export class StorageError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
