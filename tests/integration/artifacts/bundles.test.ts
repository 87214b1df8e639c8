import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator';
import { ArtifactCache, type OneLakeSourceProvider } from '../../../src/main/artifacts/artifact-cache';
import { ArtifactReader } from '../../../src/main/artifacts/artifact-reader';
import { RunBundles } from '../../../src/main/artifacts/run-bundles';
import { localTableEngine } from '../../../src/main/artifacts/table-engine';
import { createFabricClients } from '../../../src/main/fabric';
import { AppError } from '../../../src/shared/contract/errors';
import { emulatorProfile } from '../fabric/emulator-profile';
import { engineRuns } from './support';

// Export under one data dir and profile (run downloaded from the emulator), open under another data dir
// that has never been online; hostile bundles are refused with a message that says why.

const offline: OneLakeSourceProvider = async () => {
  throw new AppError('OFFLINE', 'offline');
};
let tmp: string;
let runId: string;
let bundlePath: string;
const record = { runId: '', status: 'Completed', requestedBy: 'analyst@example.com' };
const events = [{ id: 1, kind: 'status', toStatus: 'Completed' }];

function services(dataDir: string, profileId: string, source: OneLakeSourceProvider) {
  const cache = new ArtifactCache({ dataDir, source, activeProfileId: () => profileId });
  const bundles = new RunBundles({
    cache,
    dataDir,
    appVersion: '0.1.0-test',
    exportedBy: () => 'analyst@example.com',
    activeProfileId: () => profileId,
    records: { getRun: async (id) => ({ ...record, runId: id }), getEvents: async () => events },
  });
  return { cache, bundles, reader: new ArtifactReader({ cache, engines: localTableEngine }) };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'bundles-test-'));
  const lake = join(tmp, 'lake');
  [runId] = (await engineRuns(lake, 1)) as [string];
  const emu = await startEmulator({ port: 0, lakehouseDir: lake });
  const clients = createFabricClients(emulatorProfile(emu), { retry: { maxAttempts: 2, baseDelayMs: 10 } });
  try {
    const a = services(join(tmp, 'laptop-a'), 'profile-a', async () => ({
      profileId: 'profile-a',
      onelake: clients.onelake,
    }));
    await a.cache.init();
    // not cached yet: export downloads it first
    const out = await a.bundles.export(runId);
    bundlePath = out.path;
    expect(out.path).toBe(join(tmp, 'laptop-a', 'exports', `${runId}.fdpbundle`));
  } finally {
    clients.close();
    await emu.stop();
  }
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const entriesOf = async (path: string): Promise<Record<string, Uint8Array>> =>
  unzipSync(await readFile(path));
async function writeZip(name: string, files: Zippable): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, zipSync(files));
  return path;
}

describe('run bundles', () => {
  it('opens under another data dir and profile with identical content', async () => {
    const a = services(join(tmp, 'laptop-a'), 'profile-a', offline);
    const b = services(join(tmp, 'laptop-b'), 'profile-b', offline);
    await b.cache.init();
    const opened = await b.bundles.open(bundlePath);
    expect(opened).toMatchObject({ runId, fromProfile: 'profile-a' });
    expect(opened.files).toEqual(
      expect.arrayContaining(['artifacts/kpis.json', 'run/record.json', 'run/events.json']),
    );

    const [sa, sb] = [await a.reader.summary(runId), await b.reader.summary(runId)];
    expect(sb).toEqual({ ...sa, origin: 'bundle' });
    const q = { runId, offset: 7, limit: 200, sort: [{ column: 'order_date', dir: 'desc' as const }] };
    expect(await b.reader.query(q)).toEqual(await a.reader.query(q));
    expect(await b.reader.query({ runId })).toEqual(await a.reader.query({ runId }));
    expect(await b.bundles.bundledRecord(runId)).toEqual({ record: { ...record, runId }, events });

    const list = await b.cache.list();
    expect(list.runs).toEqual([expect.objectContaining({ runId, origin: 'bundle', profileId: 'profile-a' })]);
    // a bundle run is checked like any other: a damaged file is refused, never re-fetched
    const file = join(tmp, 'laptop-b', 'cache', '@bundles', runId, 'kpis.json');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.replace('"rows_in"', '"rows_IN"'));
    await expect(b.cache.verify(runId)).resolves.toMatchObject({ ok: false, damaged: ['kpis.json'] });
    await expect(services(join(tmp, 'laptop-b'), 'profile-b', offline).reader.summary(runId)).rejects.toThrow(
      /damaged: kpis\.json.*not shown/,
    );
    await writeFile(file, good);
    await a.reader.close();
    await b.reader.close();
  });

  const refusals: [string, () => Promise<string>, RegExp][] = [
    [
      'not a zip',
      async () => {
        const p = join(tmp, 'text.fdpbundle');
        await writeFile(p, 'order_id,region\n1,EMEA\n');
        return p;
      },
      /not a run bundle \(the file is not a zip archive\)/,
    ],
    [
      'a zip without bundle.json',
      () => writeZip('plain.fdpbundle', { 'hello.txt': strToU8('hi') }),
      /unexpected entry "hello\.txt"/,
    ],
    [
      'a zip with only artifacts',
      async () => {
        const e = await entriesOf(bundlePath);
        delete e['bundle.json'];
        return writeZip('nomanifest.fdpbundle', e);
      },
      /not a run bundle \(there is no bundle\.json\)/,
    ],
    [
      'truncated',
      async () => {
        const bytes = await readFile(bundlePath);
        const p = join(tmp, 'truncated.fdpbundle');
        await writeFile(p, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
        return p;
      },
      /truncated/,
    ],
    [
      'truncated in its last bytes',
      async () => {
        const bytes = await readFile(bundlePath);
        const p = join(tmp, 'truncated2.fdpbundle');
        await writeFile(p, bytes.subarray(0, bytes.length - 10));
        return p;
      },
      /truncated/,
    ],
    [
      'path traversal',
      async () => {
        const e = await entriesOf(bundlePath);
        e['../../evil.sh'] = strToU8('rm -rf ~');
        return writeZip('traversal.fdpbundle', e);
      },
      /"\.\.\/\.\.\/evil\.sh" that points outside the bundle folder/,
    ],
    [
      'absolute path',
      async () => {
        const e = await entriesOf(bundlePath);
        e['/etc/cron.d/x'] = strToU8('x');
        return writeZip('absolute.fdpbundle', e);
      },
      /points outside the bundle folder/,
    ],
    [
      'tampered artifact',
      async () => {
        const e = await entriesOf(bundlePath);
        const kpis = JSON.parse(Buffer.from(e['artifacts/kpis.json'] as Uint8Array).toString('utf8'));
        e['artifacts/kpis.json'] = strToU8(
          JSON.stringify({ ...kpis, total_revenue: kpis.total_revenue * 10 }),
        );
        return writeZip('tampered.fdpbundle', e);
      },
      /artifacts\/kpis\.json does not match its sha256 in bundle\.json/,
    ],
    [
      'unlisted entry',
      async () => {
        const e = await entriesOf(bundlePath);
        const m = JSON.parse(Buffer.from(e['bundle.json'] as Uint8Array).toString('utf8'));
        m.entries = m.entries.filter((x: { name: string }) => x.name !== 'run/events.json');
        e['bundle.json'] = strToU8(JSON.stringify(m));
        return writeZip('unlisted.fdpbundle', e);
      },
      /run\/events\.json is not listed in bundle\.json/,
    ],
    [
      'newer format',
      async () => {
        const e = await entriesOf(bundlePath);
        const m = JSON.parse(Buffer.from(e['bundle.json'] as Uint8Array).toString('utf8'));
        e['bundle.json'] = strToU8(JSON.stringify({ ...m, formatVersion: 9 }));
        return writeZip('newer.fdpbundle', e);
      },
      /newer version of the portal \(bundle format 9/,
    ],
    [
      'zip bomb',
      async () => {
        const e = await entriesOf(bundlePath);
        e['artifacts/sales_cleaned.csv'] = [new Uint8Array(64 * 1024 * 1024), { level: 9 }] as never;
        return writeZip('bomb.fdpbundle', e);
      },
      /compressed more than 200:1.*zip bomb/,
    ],
  ];

  for (const [label, make, message] of refusals) {
    it(`refuses ${label} with a clear message and imports nothing`, async () => {
      const dataDir = join(tmp, `laptop-${label.replace(/\W+/g, '-')}`);
      const c = services(dataDir, 'p', offline);
      await c.cache.init();
      const err = await c.bundles.open(await make()).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INPUT_INVALID');
      expect((err as AppError).message).toMatch(/^The bundle .* cannot be opened: /);
      expect((err as AppError).message).toMatch(message);
      expect((await c.cache.list()).runs).toEqual([]);
      expect(await readdir(join(dataDir, 'cache', '.staging'))).toEqual([]);
      await expect(readdir(join(dataDir, '..', 'evil.sh'))).rejects.toThrow();
    });
  }

  it('refuses a bundle larger than the limit before reading it', async () => {
    const c = services(join(tmp, 'laptop-small'), 'p', offline);
    const small = new RunBundles({
      cache: c.cache,
      dataDir: join(tmp, 'laptop-small'),
      appVersion: 't',
      exportedBy: () => 'x',
      activeProfileId: () => 'p',
      limits: { maxBundleBytes: 1000 },
    });
    await expect(small.open(bundlePath)).rejects.toThrow(/more than the limit of 1000 bytes/);
  });
});
