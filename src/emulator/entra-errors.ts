import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from './http-util';

/** Sends an Entra v2-shaped OAuth error, e.g. invalid_client with AADSTS7000215. */
export function sendEntraError(
  res: ServerResponse,
  status: number,
  error: string,
  aadsts: number,
  description: string,
  extraHeaders: Record<string, string | number> = {},
): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  sendJson(
    res,
    status,
    {
      error,
      error_description: `AADSTS${aadsts}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    },
    { 'Cache-Control': 'no-store', ...extraHeaders },
  );
}
