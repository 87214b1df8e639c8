import { mkdtemp, readFile, rm, stat, writeFile, mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator';
import {
  createFabricClients,
  FabricError,
  type FabricClients,
  type RetryEvent,
} from '../../../src/main/fabric';
import { emulatorProfile } from './emulator-profile';

let emu: Emulator;
let clients: FabricClients;
let tmp: string;
let retries: RetryEvent[];
beforeAll(async () => {
  emu = await startEmulator({ port: 0, speed: 20 });
  clients = createFabricClients(emulatorProfile(emu), {
    retry: { maxAttempts: 3, baseDelayMs: 20, deadlineMs: 10_000 },
    onRetry: (e) => retries.push(e),
  });
  tmp = await mkdtemp(join(tmpdir(), 'onelake-test-'));
});
afterAll(async () => {
  clients?.close();
  await emu?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  emu.faults.clear();
  emu.requests.clear();
  retries = [];
});

const bytes = (n: number): Buffer => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
};

describe('OneLake client (DataLake SDK over HTTPS to the emulator)', () => {
  it('uploads with progress, lists, stats, reads ranges, renames and deletes', async () => {
    const ol = clients.onelake;
    const data = bytes(300_000);
    const progress: number[] = [];
    await ol.upload('Files/it/a/data.bin', data, { onProgress: (n) => progress.push(n) });
    expect(progress.at(-1)).toBe(data.length);
    expect((await readFile(join(emu.lakehouseDir, 'Files/it/a/data.bin'))).equals(data)).toBe(true);

    await ol.upload('Files/it/a/note.txt', 'héllo');
    const listing = await ol.list('Files/it', { recursive: true });
    const byPath = Object.fromEntries(listing.map((e) => [e.path, e]));
    expect(Object.keys(byPath).sort()).toEqual(['Files/it/a', 'Files/it/a/data.bin', 'Files/it/a/note.txt']);
    expect(byPath['Files/it/a']?.isDirectory).toBe(true);
    expect(byPath['Files/it/a/data.bin']).toMatchObject({
      name: 'data.bin',
      size: 300_000,
      isDirectory: false,
    });
    expect(Number.isNaN(Date.parse(byPath['Files/it/a/data.bin']?.lastModified ?? ''))).toBe(false);
    const shallow = await ol.list('Files/it');
    expect(shallow.map((e) => e.path)).toEqual(['Files/it/a']);

    expect(await ol.stat('Files/it/a/note.txt')).toMatchObject({
      size: Buffer.byteLength('héllo'),
      isDirectory: false,
    });
    expect((await ol.stat('Files/it/a')).isDirectory).toBe(true);
    expect(await ol.readRange('Files/it/a/data.bin', 1000, 16)).toEqual(data.subarray(1000, 1016));

    await ol.rename('Files/it/a/note.txt', 'Files/it/a/renamed.txt');
    expect(await ol.exists('Files/it/a/note.txt')).toBe(false);
    expect(await ol.exists('Files/it/a/renamed.txt')).toBe(true);
    expect(await readFile(join(emu.lakehouseDir, 'Files/it/a/renamed.txt'), 'utf8')).toBe('héllo');

    await ol.delete('Files/it/a/renamed.txt');
    expect(await ol.exists('Files/it/a/renamed.txt')).toBe(false);
    const notEmpty = (await ol.delete('Files/it').catch((e: unknown) => e)) as FabricError;
    expect(notEmpty.code).toBe('CONFLICT');
    await ol.delete('Files/it', { recursive: true });
    expect(await ol.exists('Files/it')).toBe(false);
  });

  it('uploads a stream and downloads to a file atomically with progress', async () => {
    const data = bytes(700_000);
    await clients.onelake.upload(
      'Files/dl/big.bin',
      Readable.from([data.subarray(0, 350_000), data.subarray(350_000)]),
    );
    const dest = join(tmp, 'big.bin');
    const seen: Array<[number, number | undefined]> = [];
    const { bytes: n } = await clients.onelake.download('Files/dl/big.bin', dest, {
      onProgress: (l, t) => seen.push([l, t]),
    });
    expect(n).toBe(700_000);
    expect((await readFile(dest)).equals(data)).toBe(true);
    expect(seen.at(-1)).toEqual([700_000, 700_000]);
  });

  it('a failed download leaves no file behind and says what was missing', async () => {
    const dest = join(tmp, 'missing.bin');
    const err = (await clients.onelake
      .download('Files/nope/missing.bin', dest)
      .catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('Files/nope/missing.bin');
    await expect(stat(dest)).rejects.toThrow();
    expect((await readdir(tmp)).filter((f) => f.startsWith('missing'))).toEqual([]);
  });

  it('a cancelled download leaves no partial file', async () => {
    await mkdir(join(emu.lakehouseDir, 'Files/cancel'), { recursive: true });
    await writeFile(join(emu.lakehouseDir, 'Files/cancel/x.bin'), bytes(1_000));
    emu.faults.inject({ service: 'onelake', method: 'GET', action: { kind: 'delay', ms: 2_000 } });
    const ac = new AbortController();
    const dest = join(tmp, 'cancelled.bin');
    const p = clients.onelake.download('Files/cancel/x.bin', dest, { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const err = (await p.catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('CANCELLED');
    expect((await readdir(tmp)).filter((f) => f.startsWith('cancelled'))).toEqual([]);
  });

  it('503 on a read → retried with the shared policy (2 GETs)', async () => {
    await clients.onelake.upload('Files/r/x.txt', 'abcdef');
    emu.requests.clear();
    emu.faults.inject({
      service: 'onelake',
      method: 'GET',
      action: { kind: 'status', status: 503, retryAfterSec: 1 },
    });
    expect((await clients.onelake.readRange('Files/r/x.txt', 2, 3)).toString()).toBe('cde');
    expect(emu.requests.count({ service: 'onelake', method: 'GET' })).toBe(2);
    expect(retries.map((r) => [r.reason, r.delayMs])).toEqual([['throttled', 1000]]);
  });

  it('expired token → one 401, one token refresh, resent, success', async () => {
    await clients.onelake.upload('Files/t/y.txt', 'xyz');
    emu.requests.clear();
    emu.faults.expireAllTokens();
    expect(await clients.onelake.exists('Files/t/y.txt')).toBe(true);
    expect(emu.requests.count({ service: 'onelake', status: 401 })).toBe(1);
    expect(emu.requests.count({ service: 'token' })).toBe(1);
    expect((await clients.onelake.list('Files/t')).map((e) => e.name)).toEqual(['y.txt']);
    expect(emu.requests.count({ service: 'onelake', status: 401 })).toBe(1);
    expect(emu.requests.count({ service: 'token' })).toBe(1);
  });

  it('wrong secret → FABRIC_AUTH with the AADSTS sentence, no OneLake request sent', async () => {
    const bad = createFabricClients(
      emulatorProfile(emu, {
        credentials: { kind: 'client-credentials', clientId: emu.env.FABRIC_CLIENT_ID, clientSecret: 'nope' },
      }),
    );
    try {
      const err = (await bad.onelake.list('Files').catch((e: unknown) => e)) as FabricError;
      expect(err.code).toBe('FABRIC_AUTH');
      expect(err.message).toContain('AADSTS7000215');
      expect(emu.requests.count({ service: 'onelake' })).toBe(0);
      expect(emu.requests.count({ service: 'token' })).toBe(1);
    } finally {
      bad.close();
    }
  });

  it('rejects paths that could escape the lakehouse before sending anything', async () => {
    const err = (await clients.onelake.list('Files/../../other').catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('VALIDATION');
    expect(emu.requests.count({ service: 'onelake' })).toBe(0);
  });
});
