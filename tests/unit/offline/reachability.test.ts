import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canConnect } from '../../../src/main/offline/reachability';

// The Fabric part of the connectivity state: can a TCP connection to the API's host and port be opened?

let server: Server;
let port: number;

const listen = (s: Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));

beforeAll(async () => {
  server = createServer((socket) => socket.destroy());
  port = await listen(server);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('canConnect', () => {
  it('is true for a listening server and false once it is gone', async () => {
    expect(await canConnect(`https://127.0.0.1:${port}/v1`)).toBe(true);
    const other = createServer();
    const closedPort = await listen(other);
    await new Promise<void>((r) => other.close(() => r()));
    expect(await canConnect(`https://127.0.0.1:${closedPort}/v1`)).toBe(false);
  });

  it('is false for an address that is not a URL', async () => {
    expect(await canConnect('not a url')).toBe(false);
  });
});
