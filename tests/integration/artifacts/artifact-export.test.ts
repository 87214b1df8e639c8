import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactCache } from '../../../src/main/artifacts/artifact-cache';
import { ArtifactExport } from '../../../src/main/artifacts/artifact-export';
import { writeManifest } from '../../../src/main/artifacts/cache-manifest';
import { createEventBus } from '../../../src/main/ipc/event-bus';
import { silentLogger } from '../../../src/main/log/logger';
import { cookieName, newToken } from '../../../src/main/preview/access';
import { startPreviewServer, type PreviewServer } from '../../../src/main/preview/http-server';
import type { SaveProgress } from '../../../src/shared/contract/artifacts';
import { AppError, isAppError } from '../../../src/shared/contract/errors';
import { fail } from '../../../src/shared/contract/result';

// Saving a run's artifacts out of a real offline cache (real files, manifest and sha256 checks): into a
// folder (the Electron path after the dialog) and through the preview host's one-time download route over
// real HTTP.

const PROFILE = 'export-test';
let dataDir: string;

const offline = async (): Promise<never> => {
  throw new AppError('OFFLINE', 'The lakehouse cannot be reached (test).');
};

/** A cached run folder as the cache writes it: files and manifest.json with sizes and sha256. */
async function cachedRun(files: Record<string, Buffer>): Promise<string> {
  const runId = randomUUID();
  const dir = join(dataDir, 'cache', PROFILE, runId);
  await mkdir(dir, { recursive: true });
  const now = new Date().toISOString();
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  await writeManifest(dir, {
    formatVersion: 1,
    runId,
    origin: 'cache',
    profileId: PROFILE,
    createdAt: now,
    lastOpenedAt: null,
    files: Object.entries(files).map(([name, bytes]) => ({
      name,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      downloadedAt: now,
      source: 'test',
    })),
  });
  return runId;
}

/** Flips one byte in place: the size stays, only the sha256 can tell. */
async function flipByte(path: string, at: number): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, at);
    b[0] = (b[0] as number) ^ 0xff;
    await fh.write(b, 0, 1, at);
  } finally {
    await fh.close();
  }
}

const PARQUET = Buffer.alloc(1_200_000, 7).fill(3, 500_000);
const KPIS = Buffer.from(JSON.stringify({ run: 'kpis', total_revenue: 12.5 }));

function setup(chooseFolder: () => Promise<string | null> = async () => null) {
  const cache = new ArtifactCache({ dataDir, source: offline, activeProfileId: () => PROFILE });
  const progress: SaveProgress[] = [];
  let dialogs = 0;
  const exports = new ArtifactExport({
    cache,
    chooseFolder: async () => {
      dialogs++;
      return chooseFolder();
    },
    onProgress: (p) => progress.push(p),
  });
  return { cache, exports, progress, dialogs: () => dialogs };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'artifact-export-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('saving artifacts to a folder', () => {
  it('copies every file byte for byte with progress, and never overwrites a file already there', async () => {
    const runId = await cachedRun({ 'sales_cleaned.parquet': PARQUET, 'kpis.json': KPIS });
    const folder = join(dataDir, 'chosen');
    const { exports, progress } = setup(async () => folder);

    const first = await exports.saveWithDialog(runId);
    expect(first).toEqual({
      kind: 'saved',
      folder,
      files: expect.arrayContaining([
        { name: 'sales_cleaned.parquet', savedAs: 'sales_cleaned.parquet', bytes: PARQUET.length },
        { name: 'kpis.json', savedAs: 'kpis.json', bytes: KPIS.length },
      ]),
    });
    expect((await readFile(join(folder, 'sales_cleaned.parquet'))).equals(PARQUET)).toBe(true);
    expect((await readFile(join(folder, 'kpis.json'))).equals(KPIS)).toBe(true);
    const parquet = progress.filter((p) => p.name === 'sales_cleaned.parquet');
    expect(parquet.length).toBeGreaterThan(2);
    expect(parquet.at(-1)).toMatchObject({
      state: 'done',
      bytesDone: PARQUET.length,
      bytesTotal: PARQUET.length,
    });

    const second = await exports.saveTo(runId, folder, ['kpis.json']);
    expect(second.files).toEqual([{ name: 'kpis.json', savedAs: 'kpis (1).json', bytes: KPIS.length }]);
    expect((await readFile(join(folder, 'kpis.json'))).equals(KPIS)).toBe(true);
    expect((await readdir(folder)).sort()).toEqual(['kpis (1).json', 'kpis.json', 'sales_cleaned.parquet']);
  });

  it('refuses a file damaged after the cache checked it and leaves nothing behind', async () => {
    const runId = await cachedRun({ 'sales_cleaned.parquet': PARQUET });
    const folder = join(dataDir, `damaged-${runId}`);
    const { cache, exports, progress } = setup(async () => folder);
    const run = await cache.open(runId);
    await flipByte(join(run.dir, 'sales_cleaned.parquet'), 900_000);

    const e = await exports.saveWithDialog(runId).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('INPUT_INVALID');
    expect((e as Error).message).toMatch(/sales_cleaned\.parquet of run .* is damaged .*nothing was saved/);
    expect(await readdir(folder)).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ name: 'sales_cleaned.parquet', state: 'failed' });
    expect(progress.at(-1)?.error?.hint).toMatch(/Check offline copy/);
  });

  it('says why before the dialog when the run is not cached and the lakehouse cannot be reached', async () => {
    const { exports, dialogs } = setup(async () => join(dataDir, 'never'));
    const e = await exports.saveWithDialog(randomUUID()).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('NOT_FOUND');
    expect((e as Error).message).toMatch(
      /not available offline, and downloading it failed: The lakehouse cannot be reached/,
    );
    expect(dialogs()).toBe(0);
  });

  it('does nothing when the dialog is closed, and names the files of the run when asked for another', async () => {
    const runId = await cachedRun({ 'kpis.json': KPIS });
    const { exports, dialogs } = setup(async () => null);
    await expect(exports.saveWithDialog(runId)).resolves.toEqual({ kind: 'cancelled' });
    expect(dialogs()).toBe(1);
    const e = await exports.saveWithDialog(runId, ['run_metadata.json']).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('NOT_FOUND');
    expect((e as AppError).hint).toBe('Its files: kpis.json.');
  });
});

describe('browser downloads through the preview host', () => {
  let server: PreviewServer;
  let ctx: ReturnType<typeof setup>;
  const token = newToken();
  const get = (url: string, headers: Record<string, string> = {}) =>
    fetch(`${server.origin}${url}`, {
      headers: { cookie: `${cookieName(server.port)}=${token}`, 'sec-fetch-site': 'same-origin', ...headers },
    });

  beforeAll(async () => {
    ctx = setup();
    server = await startPreviewServer({
      rendererRoot: join(dataDir, 'no-renderer'),
      token,
      port: 0,
      router: { dispatch: async () => fail({ code: 'INTERNAL', message: 'not used' }) },
      events: createEventBus({ logger: silentLogger }),
      logger: silentLogger,
      downloads: ctx.exports,
    });
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    ctx.progress.length = 0;
  });

  it('streams the file once, with its name, to the host’s own page only', async () => {
    const runId = await cachedRun({ 'sales_cleaned.parquet': PARQUET, 'kpis.json': KPIS });
    const r = await ctx.exports.downloads(runId, ['sales_cleaned.parquet']);
    if (r.kind !== 'download') throw new Error(r.kind);
    const url = r.files[0]?.url as string;
    expect(r.files).toEqual([{ name: 'sales_cleaned.parquet', bytes: PARQUET.length, url }]);

    // Another site, or no token: refused, and the address still works afterwards.
    expect((await get(url, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await get(url, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await fetch(`${server.origin}${url}`)).status).toBe(401);

    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('filename="sales_cleaned.parquet"');
    expect(res.headers.get('content-length')).toBe(String(PARQUET.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(PARQUET)).toBe(true);
    await expect.poll(() => ctx.progress.at(-1)?.state).toBe('done');
    expect(ctx.progress.at(-1)).toMatchObject({ runId, bytesDone: PARQUET.length });

    const again = await get(url);
    expect(again.status).toBe(404);
    expect(await again.text()).toMatch(/already used or has expired/);
  });

  it('cuts a damaged file short, so the browser marks the download failed, and says why', async () => {
    const runId = await cachedRun({ 'sales_cleaned.parquet': PARQUET });
    const run = await ctx.cache.open(runId);
    const r = await ctx.exports.downloads(runId);
    if (r.kind !== 'download') throw new Error(r.kind);
    await flipByte(join(run.dir, 'sales_cleaned.parquet'), 10);

    const res = await get(r.files[0]?.url as string);
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    await expect.poll(() => ctx.progress.at(-1)?.state).toBe('failed');
    expect(ctx.progress.at(-1)?.error?.message).toMatch(/damaged/);
  });
});
