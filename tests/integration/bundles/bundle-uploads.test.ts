import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator';
import { ArtifactCache, type OneLakeSourceProvider } from '../../../src/main/artifacts/artifact-cache';
import { ArtifactReader } from '../../../src/main/artifacts/artifact-reader';
import { createBundleOpener } from '../../../src/main/artifacts/bundle-opener';
import { BundleUploads } from '../../../src/main/artifacts/bundle-uploads';
import { RunBundles } from '../../../src/main/artifacts/run-bundles';
import { localTableEngine } from '../../../src/main/artifacts/table-engine';
import { createFabricClients } from '../../../src/main/fabric';
import { AppError } from '../../../src/shared/contract/errors';
import { UPLOAD_CHUNK_BYTES } from '../../../src/shared/contract/files';
import { engineRuns } from '../artifacts/support';
import { emulatorProfile } from '../fabric/emulator-profile';

// A bundle exported on laptop A (run downloaded from the emulator) is sent as bytes in chunks to laptop B
// (what the browser preview host does) and opened there: identical summary and rows, listed under the
// name the user chose; a tampered or malformed upload is refused with the reason and leaves nothing behind.

const offline: OneLakeSourceProvider = async () => {
  throw new AppError('OFFLINE', 'offline');
};
let tmp: string;
let runId: string;
let bundle: Buffer;

function laptop(dataDir: string, profileId: string, source: OneLakeSourceProvider) {
  const cache = new ArtifactCache({ dataDir, source, activeProfileId: () => profileId });
  const bundles = new RunBundles({
    cache,
    dataDir,
    appVersion: '0.1.0-test',
    exportedBy: () => 'analyst@example.com',
    activeProfileId: () => profileId,
  });
  const reader = new ArtifactReader({ cache, engines: localTableEngine });
  const opener = createBundleOpener({ bundles, reader });
  const uploads = new BundleUploads({
    tempDir: (label) => cache.stagingDir(label),
    open: (path, label) => opener.open(path, label),
  });
  return { cache, bundles, reader, uploads, staging: join(dataDir, 'cache', '.staging') };
}

async function send(b: ReturnType<typeof laptop>, name: string, bytes: Buffer) {
  const { uploadId, chunkBytes } = await b.uploads.begin({ name, size: bytes.length });
  expect(chunkBytes).toBe(UPLOAD_CHUNK_BYTES);
  for (let i = 0, at = 0; at < bytes.length; i += 1, at += chunkBytes) {
    await b.uploads.chunk({
      uploadId,
      index: i,
      data: bytes.subarray(at, at + chunkBytes).toString('base64'),
    });
  }
  return b.uploads.commit(uploadId);
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'bundle-uploads-test-'));
  const lake = join(tmp, 'lake');
  // enough rows that the parquet spans several upload chunks
  [runId] = (await engineRuns(lake, 1, 20_000)) as [string];
  const emu = await startEmulator({ port: 0, lakehouseDir: lake });
  const clients = createFabricClients(emulatorProfile(emu), { retry: { maxAttempts: 2, baseDelayMs: 10 } });
  try {
    const a = laptop(join(tmp, 'laptop-a'), 'profile-a', async () => ({
      profileId: 'profile-a',
      onelake: clients.onelake,
    }));
    await a.cache.init();
    bundle = await readFile((await a.bundles.export(runId)).path);
  } finally {
    clients.close();
    await emu.stop();
  }
}, 120_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('bundle uploads (browser preview host)', () => {
  it('opens a bundle sent in chunks with the same content as on the exporting laptop', async () => {
    expect(bundle.length).toBeGreaterThan(2 * UPLOAD_CHUNK_BYTES);
    const a = laptop(join(tmp, 'laptop-a'), 'profile-a', offline);
    const b = laptop(join(tmp, 'laptop-b'), 'profile-b', offline);
    await b.cache.init();
    const opened = await send(b, 'q3 sales.fdpbundle', bundle);
    expect(opened).toMatchObject({ runId, file: 'q3 sales.fdpbundle', fromProfile: 'profile-a' });
    expect(opened.sizeBytes).toBeGreaterThan(0);
    expect(await b.bundles.list()).toEqual([opened]);

    const [sa, sb] = [await a.reader.summary(runId), await b.reader.summary(runId)];
    expect(sb).toEqual({ ...sa, origin: 'bundle' });
    expect(await b.reader.query({ runId, limit: 100 })).toEqual(await a.reader.query({ runId, limit: 100 }));
    // the temp file is gone; only the imported run stays
    expect(await readdir(b.staging)).toEqual([]);
    expect(b.uploads.openCount).toBe(0);
    await a.reader.close();
    await b.reader.close();
  });

  it('refuses a tampered bundle (one byte changed) by the name the user chose, keeping nothing', async () => {
    const c = laptop(join(tmp, 'laptop-c'), 'profile-c', offline);
    await c.cache.init();
    const tampered = Buffer.from(bundle);
    // a byte inside the stored (uncompressed) parquet entry: the zip stays readable, the sha256 does not match
    const at = tampered.indexOf(Buffer.from('PAR1')) + 64;
    tampered[at] = (tampered[at] as number) ^ 0xff;
    await expect(send(c, 'tampered.fdpbundle', tampered)).rejects.toThrow(
      /^The bundle tampered\.fdpbundle cannot be opened: .*does not match its sha256/,
    );
    expect(await readdir(c.staging)).toEqual([]);
    expect((await c.cache.list()).runs).toEqual([]);
    expect(c.uploads.openCount).toBe(0);
  });

  it('refuses a malformed file with what is wrong and what to do', async () => {
    const c = laptop(join(tmp, 'laptop-d'), 'profile-d', offline);
    await c.cache.init();
    const err = await send(c, 'notes.fdpbundle', Buffer.from('order_id,region\n1,EMEA\n')).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'INPUT_INVALID',
      message:
        'The bundle notes.fdpbundle cannot be opened: it is not a run bundle (the file is not a zip archive).',
    });
    expect((err as AppError).hint).toBeTruthy();
    expect(await readdir(c.staging)).toEqual([]);
    expect((await c.cache.list()).runs).toEqual([]);
  });

  it('checks names, sizes, chunk order and extra bytes before anything is opened', async () => {
    const c = laptop(join(tmp, 'laptop-e'), 'profile-e', offline);
    await c.cache.init();
    await expect(c.uploads.begin({ name: 'sales.xlsx', size: 10 })).rejects.toThrow(/only \.fdpbundle files/);
    await expect(c.uploads.begin({ name: '../x.fdpbundle', size: 10 })).rejects.toThrow(/not a run bundle/);
    const small = new BundleUploads({
      tempDir: (l) => c.cache.stagingDir(l),
      open: async () => {
        throw new Error('never opened');
      },
      maxBytes: 100,
    });
    await expect(small.begin({ name: 'big.fdpbundle', size: 101 })).rejects.toThrow(
      /opens bundles up to 100 bytes/,
    );

    const { uploadId } = await c.uploads.begin({ name: 'x.fdpbundle', size: 4 });
    await expect(c.uploads.chunk({ uploadId, index: 1, data: 'AAAA' })).rejects.toThrow(/out of order/);
    await expect(c.uploads.commit(uploadId)).rejects.toThrow(/incomplete: 0 of 4 bytes/);
    await expect(c.uploads.chunk({ uploadId, index: 0, data: 'AAAAAAAA' })).rejects.toThrow(
      /more bytes than it announced/,
    );
    // the over-long upload was dropped with its temp file
    await expect(c.uploads.commit(uploadId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await readdir(c.staging)).toEqual([]);

    const second = await c.uploads.begin({ name: 'y.fdpbundle', size: 4 });
    await expect(c.uploads.cancel(second.uploadId)).resolves.toEqual({ cancelled: true });
    expect(await readdir(c.staging)).toEqual([]);
  });
});
