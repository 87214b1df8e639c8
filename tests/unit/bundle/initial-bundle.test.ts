import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInitialChunks } from '../../e2e/renderer/initial-bundle';

// The bundle-size e2e test trusts this reader to find every chunk loaded before first paint; here it
// runs on a hand-made build folder whose answer is known.
describe('initial bundle reader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bundle-'));
    await mkdir(join(dir, 'assets'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('follows entry scripts, modulepreloads and static imports, but not dynamic imports', async () => {
    await writeFile(
      join(dir, 'index.html'),
      '<script type="module" crossorigin src="./assets/index.js"></script><link rel="modulepreload" crossorigin href="./assets/vendor.js">',
    );
    await writeFile(
      join(dir, 'assets', 'index.js'),
      'import{a as b}from"./shared.js";import "./side.js";const l=()=>import("./lazy.js");',
    );
    await writeFile(join(dir, 'assets', 'shared.js'), 'export * from "./deep.js";export const a=1;');
    await writeFile(join(dir, 'assets', 'deep.js'), 'export const d=2;');
    await writeFile(join(dir, 'assets', 'side.js'), 'console.log(1)');
    await writeFile(join(dir, 'assets', 'vendor.js'), 'export const v=3;');
    await writeFile(join(dir, 'assets', 'lazy.js'), 'export const z=4;');

    const files = (await readInitialChunks(dir)).map((c) => c.file).sort();
    expect(files).toEqual([
      'assets/deep.js',
      'assets/index.js',
      'assets/shared.js',
      'assets/side.js',
      'assets/vendor.js',
    ]);
  });

  it('reports raw and gzip sizes', async () => {
    await writeFile(join(dir, 'index.html'), '<script type="module" src="/assets/index.js"></script>');
    await writeFile(join(dir, 'assets', 'index.js'), 'x'.repeat(10_000));
    const [chunk] = await readInitialChunks(dir);
    expect(chunk?.bytes).toBe(10_000);
    expect(chunk?.gzipBytes).toBeLessThan(200);
  });
});
