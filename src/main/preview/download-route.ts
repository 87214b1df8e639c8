import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { DownloadTicket } from '../artifacts/artifact-export';
import type { Logger } from '../ipc/types';

// GET /download/<id>: the browser's download of one artifact, by a one-time address that `artifacts.save`
// handed out. Besides the host's own checks (Host header, the launch token's cookie) the request must come
// from the host's own page (Sec-Fetch-Site / Origin), and the id works once.

export const DOWNLOAD_PATH = /^\/download\/([A-Za-z0-9_-]{16,64})$/;

export interface DownloadSource {
  redeem(id: string): DownloadTicket | null;
  send(ticket: DownloadTicket, out: Writable): Promise<void>;
}

/** The request came from the host's own page (a navigation from elsewhere must not start a download). */
export function isSameOriginRequest(
  headers: { 'sec-fetch-site'?: string | string[] | undefined; origin?: string | undefined },
  origin: string,
): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  return headers.origin === undefined || headers.origin === origin;
}

const attachment = (name: string): string =>
  `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function serveDownload(deps: {
  req: IncomingMessage;
  res: ServerResponse;
  id: string;
  origin: string;
  source: DownloadSource;
  headers: Record<string, string>;
  logger: Logger;
}): Promise<void> {
  const { req, res, source, headers } = deps;
  const text = (status: number, body: string): void => {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(body);
  };
  if (req.method !== 'GET') return text(405, 'Downloads are GET only.');
  if (!isSameOriginRequest(req.headers, deps.origin)) {
    return text(403, 'Downloads start from the portal page only.');
  }
  const ticket = source.redeem(deps.id);
  if (!ticket) {
    return text(
      404,
      'This download address was already used or has expired. Start the download again on Results.',
    );
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(ticket.size),
    'Content-Disposition': attachment(ticket.name),
  });
  try {
    await source.send(ticket, res);
  } catch (e) {
    // The response is cut short, so the browser marks the download failed; the page learns why from the
    // failed save.progress event.
    deps.logger.warn('Preview download failed', { file: ticket.name, error: (e as Error).message });
    res.destroy();
  }
}
