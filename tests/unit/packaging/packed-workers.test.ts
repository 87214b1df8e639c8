import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CleanedTable } from '../../../src/main/ingest/cleaned-table';
import { toParquet } from '../../../src/main/ingest/write-parquet';
import { locateWorker } from '../../../src/main/workers/locate-worker';
import { ensureBuilt } from '../../support/preview-host';
import { readBuilderConfig, ROOT, withBuildLock } from './packaging-support';

// electron-builder 26 packs the real build with the real electron-builder.yml (`--dir`, Linux), then the
// worker entries are started from the result the way the packaged app starts them: locateWorker called from
// resources/app.asar/out/main. The Electron zip cannot be downloaded on this machine, so electron-builder is given
// a stand-in Electron folder (`electronDist`) and the fuses, which are flipped inside the real binary, are left
// out; the workers run on this Node, which has no asar support at all, so only app.asar.unpacked can serve them.

// @electron/asar as electron-builder's app-builder-lib resolves it (the version that wrote the archive).
const builderLibRequire = createRequire(
  createRequire(createRequire(join(ROOT, 'package.json')).resolve('electron-builder')).resolve(
    'app-builder-lib',
  ),
);

let work: string;
let resources: string;
let parquetFile: string;

const row = (order_id: string, net_revenue: number) => ({
  order_id,
  line_number: 1,
  order_date: 20_000,
  ship_date: null,
  customer_id: 'C1',
  customer_name: null,
  region: 'EMEA',
  country: null,
  product_id: 'P1',
  product_name: null,
  category: 'Tools',
  channel: null,
  quantity: 2,
  unit_price: 10,
  discount: 0,
  unit_cost: null,
  net_revenue,
  extras: [],
});

beforeAll(async () => {
  await ensureBuilt();
  work = await mkdtemp(join(tmpdir(), 'packed-workers-test-'));
  const table = new CleanedTable([]);
  table.push(row('SO-1', 20));
  table.push(row('SO-2', 30.5));
  parquetFile = join(work, 'cleaned.parquet');
  await writeFile(parquetFile, toParquet(table));
  const fakeElectron = join(work, 'electron-dist');
  await mkdir(fakeElectron);
  await writeFile(join(fakeElectron, 'electron'), '#!/bin/sh\nexit 1\n');
  await chmod(join(fakeElectron, 'electron'), 0o755);

  const { electronFuses: _fuses, ...config } = readBuilderConfig();
  const configFile = join(work, 'electron-builder.json');
  await writeFile(
    configFile,
    JSON.stringify({
      ...config,
      directories: { ...(config['directories'] as object), output: join(work, 'dist') },
      electronDist: fakeElectron,
      npmRebuild: false,
    }),
  );
  const cli = createRequire(join(ROOT, 'package.json')).resolve('electron-builder/cli.js');
  const r = await withBuildLock(() =>
    spawnSync(process.execPath, [cli, '--dir', '--linux', '--projectDir', ROOT, '--config', configFile], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, CI: 'true' },
    }),
  );
  if (r.status !== 0) throw new Error(`electron-builder failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  resources = join(work, 'dist', 'linux-unpacked', 'resources');
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * The first answer of a worker other than progress: a message means its whole module graph loaded and ran; an
 * error event (a module not found, a wasm that did not load) or an early exit means not.
 */
function firstAnswer(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.on('message', (m: { type?: string }) => {
      if (m.type !== 'progress') resolve(m);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The worker exited with ${code} before answering.`)));
  });
}

describe('the packed app (electron-builder --dir)', () => {
  it('records the worker entries and the wasm as unpacked in the app.asar header', () => {
    const asar = builderLibRequire('@electron/asar') as {
      statFile: (archive: string, file: string) => { unpacked?: boolean };
    };
    const archive = join(resources, 'app.asar');
    for (const file of [
      'out/main/table-worker.js',
      'out/main/inspect-worker.js',
      'out/main/pipeline-worker.js',
      'node_modules/parquet-wasm/node/parquet_wasm_bg.wasm',
    ]) {
      expect(asar.statFile(archive, file), file).toMatchObject({ unpacked: true });
      expect(existsSync(join(resources, 'app.asar.unpacked', file)), file).toBe(true);
    }
    expect(asar.statFile(archive, 'out/main/index.js').unpacked).toBeFalsy();
  });

  it('decodes a parquet file in the table worker started from app.asar.unpacked (parquet-wasm and its .wasm)', async () => {
    const spec = locateWorker('table-worker', callerInAsar());
    expect(String(spec.script)).toBe(unpackedEntry('table-worker'));
    const worker = new Worker(spec.script, { workerData: { path: parquetFile, format: 'parquet' } });
    try {
      expect(await firstAnswer(worker)).toEqual({ type: 'ready', rowCount: 2 });
    } finally {
      await worker.terminate();
    }
  });

  it.each([
    ['inspect-worker', { kind: 'preview', path: join(tmpdir(), 'no-such-workbook.xlsx') }],
    ['pipeline-worker', {}],
  ])(
    'starts %s from app.asar.unpacked, where it answers (here: that its input is wrong)',
    async (name, data) => {
      const spec = locateWorker(name, callerInAsar());
      expect(String(spec.script)).toBe(unpackedEntry(name));
      const worker = new Worker(spec.script, { workerData: data });
      try {
        expect(await firstAnswer(worker)).toMatchObject({ type: 'error' });
      } finally {
        await worker.terminate();
      }
    },
  );
});

const callerInAsar = (): string => pathToFileURL(join(resources, 'app.asar', 'out', 'main', 'index.js')).href;
const unpackedEntry = (name: string): string =>
  pathToFileURL(join(resources, 'app.asar.unpacked', 'out', 'main', `${name}.js`)).href;
