import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../support/preview-host';
import {
  filesOf,
  readBuilderConfig,
  rel,
  ROOT,
  unpackMatcher,
  workerClosure,
  type WorkerClosure,
} from './packaging-support';

// electron-builder.yml's asarUnpack against the files electron-vite emits and the packages the workers import,
// judged by electron-builder's own matcher. A worker import added without its package in asarUnpack fails here,
// not in a packaged app on a user's machine.

let closure: WorkerClosure;
let unpacked: (file: string) => boolean;
let patterns: string[];

beforeAll(async () => {
  await ensureBuilt();
  closure = workerClosure();
  patterns = readBuilderConfig().asarUnpack ?? [];
  unpacked = unpackMatcher(patterns);
}, 300_000);

describe('asarUnpack in electron-builder.yml', () => {
  it('finds the three worker entries locateWorker starts', () => {
    expect(closure.entries.map(rel).sort()).toEqual([
      'out/main/inspect-worker.js',
      'out/main/pipeline-worker.js',
      'out/main/table-worker.js',
    ]);
    // the entries import shared chunks, which must travel with them
    expect(closure.buildFiles.length).toBeGreaterThan(closure.entries.length);
  });

  it('unpacks every worker entry and every build file the entries import', () => {
    expect(closure.buildFiles.filter((f) => !unpacked(f)).map(rel)).toEqual([]);
  });

  it('unpacks every package the workers import, with its dependencies', () => {
    const names = closure.packages.map(rel);
    expect(names).toEqual(expect.arrayContaining(['node_modules/parquet-wasm', 'node_modules/apache-arrow']));
    const missing = closure.packages.filter((dir) => !unpacked(join(dir, 'package.json'))).map(rel);
    expect(missing, 'add these folders to asarUnpack as <folder>/**').toEqual([]);
    const stray = filesOf(closure.packages).filter((f) => !unpacked(f));
    expect(stray.map(rel)).toEqual([]);
  });

  it('unpacks the .wasm file parquet-wasm’s Node build reads beside itself', () => {
    const wasm = join(ROOT, 'node_modules/parquet-wasm/node/parquet_wasm_bg.wasm');
    expect(unpacked(wasm)).toBe(true);
  });

  it('has no pattern that matches nothing (a renamed entry or a dropped package)', () => {
    const candidates = [...closure.buildFiles, ...filesOf(closure.packages)];
    const idle = patterns.filter((p) => !candidates.some(unpackMatcher([p])));
    expect(idle).toEqual([]);
  });

  it('does not unpack the main process entry or the renderer', () => {
    expect(unpacked(join(ROOT, 'out/main/index.js'))).toBe(false);
    expect(unpacked(join(ROOT, 'out/renderer/index.html'))).toBe(false);
    expect(unpacked(join(ROOT, 'package.json'))).toBe(false);
  });
});
