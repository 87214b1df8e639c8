import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preferUnpacked } from '../../../src/main/workers/asar-unpacked';
import { locateWorker } from '../../../src/main/workers/locate-worker';

// A packaged app's resources folder laid out in a temp dir: app.asar is a plain folder here (plain Node has no
// asar support), which is all the path mapping looks at.

let resources: string;
const touch = async (rel: string): Promise<string> => {
  const file = join(resources, rel);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, '');
  return file;
};

beforeEach(async () => {
  resources = await mkdtemp(join(tmpdir(), 'asar-unpacked-test-'));
});
afterEach(async () => {
  await rm(resources, { recursive: true, force: true });
});

describe('preferUnpacked', () => {
  it('maps an app.asar path to its app.asar.unpacked copy when that copy exists', async () => {
    const packed = await touch('app.asar/out/main/table-worker.js');
    const unpacked = await touch('app.asar.unpacked/out/main/table-worker.js');
    expect(preferUnpacked(packed)).toBe(unpacked);
  });

  it('keeps the app.asar path when nothing was unpacked', async () => {
    const packed = await touch('app.asar/out/main/table-worker.js');
    await touch('app.asar.unpacked/out/main/inspect-worker.js');
    expect(preferUnpacked(packed)).toBe(packed);
  });

  it('leaves paths outside an archive, and already unpacked ones, alone', async () => {
    const plain = await touch('out/main/table-worker.js');
    await touch('app.asar.unpacked/out/main/table-worker.js');
    const unpacked = join(resources, 'app.asar.unpacked/out/main/table-worker.js');
    expect(preferUnpacked(plain)).toBe(plain);
    expect(preferUnpacked(unpacked)).toBe(unpacked);
    // "app.asar" only as a whole path segment: a folder merely named like it is not an archive
    expect(preferUnpacked('/opt/my-app.asar/x.js', () => true)).toBe('/opt/my-app.asar/x.js');
  });

  it('maps Windows paths, keeping their backslashes', () => {
    const seen: string[] = [];
    const win = 'C:\\Program Files\\Portal\\resources\\app.asar\\out\\main\\table-worker.js';
    const mapped = preferUnpacked(win, (p) => (seen.push(p), true));
    expect(mapped).toBe(
      'C:\\Program Files\\Portal\\resources\\app.asar.unpacked\\out\\main\\table-worker.js',
    );
    expect(seen).toEqual([mapped]);
  });
});

describe('locateWorker in a packaged layout', () => {
  it('starts the unpacked worker entry when the caller runs from app.asar', async () => {
    const caller = pathToFileURL(await touch('app.asar/out/main/index.js')).href;
    await touch('app.asar/out/main/table-worker.js');
    const unpacked = await touch('app.asar.unpacked/out/main/table-worker.js');
    expect(locateWorker('table-worker', caller)).toEqual({ eval: false, script: pathToFileURL(unpacked) });
  });

  it('finds the unpacked entry from a chunk one folder down', async () => {
    const caller = pathToFileURL(await touch('app.asar/out/main/chunks/table-source-abc.js')).href;
    await touch('app.asar/out/main/table-worker.js');
    const unpacked = await touch('app.asar.unpacked/out/main/table-worker.js');
    expect(locateWorker('table-worker', caller).script).toEqual(pathToFileURL(unpacked));
  });

  it('uses the entry inside app.asar when it was not unpacked', async () => {
    const caller = pathToFileURL(await touch('app.asar/out/main/index.js')).href;
    const packed = await touch('app.asar/out/main/pipeline-worker.js');
    expect(locateWorker('pipeline-worker', caller).script).toEqual(pathToFileURL(packed));
  });

  it('says which entry is missing from the build', async () => {
    const caller = pathToFileURL(await touch('app.asar/out/main/index.js')).href;
    expect(() => locateWorker('inspect-worker', caller)).toThrow(
      'The worker entry inspect-worker.js is missing from the build.',
    );
  });
});
