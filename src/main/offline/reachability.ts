import { connect } from 'node:net';

/**
 * Whether a TCP connection to the URL's host and port opens within `timeoutMs`: enough to tell "the server
 * is not there" from "it is there but refuses us", without signing in or sending a request.
 */
export function canConnect(url: string, timeoutMs = 3_000): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  const port = Number(target.port || (target.protocol === 'http:' ? 80 : 443));
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
