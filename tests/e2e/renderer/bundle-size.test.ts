import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInitialChunks, type BundleChunk } from './initial-bundle';

const root = resolve(import.meta.dirname, '..', '..', '..');
const BUDGET_GZIP_BYTES = 400 * 1024;
// Strings that survive minification and occur only in echarts/zrender code (not in the chunk file name
// that the lazy import mentions).
const ECHARTS_MARKER = /__ec_inner_|zrender/;

describe('renderer bundle (electron-vite build, as shipped)', () => {
  let outDir: string;
  let rendererDir: string;
  let initial: BundleChunk[];

  beforeAll(async () => {
    // A private output folder: other engineers build out/ at the same time.
    outDir = await mkdtemp(join(tmpdir(), 'portal-bundle-'));
    const bin = join(root, 'node_modules', '.bin', 'electron-vite');
    const r = spawnSync(bin, ['build', '--outDir', outDir, '--logLevel', 'warn'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}${r.stderr}`);
    rendererDir = join(outDir, 'renderer');
    initial = await readInitialChunks(rendererDir);
  });

  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it(`keeps the initial JavaScript under ${BUDGET_GZIP_BYTES / 1024} KB gzipped`, () => {
    const total = initial.reduce((sum, c) => sum + c.gzipBytes, 0);
    const table = initial.map((c) => `${c.file}: ${(c.gzipBytes / 1024).toFixed(1)} KB gzip`).join('\n');
    console.log(`initial renderer JS: ${(total / 1024).toFixed(1)} KB gzip\n${table}`);
    expect(initial.length).toBeGreaterThan(0);
    expect(total, table).toBeLessThan(BUDGET_GZIP_BYTES);
  });

  it('loads echarts only on demand: no initial chunk contains it, a lazy chunk does', async () => {
    for (const chunk of initial)
      expect(ECHARTS_MARKER.test(chunk.text), `${chunk.file} contains echarts`).toBe(false);
    const assets = (await readdir(join(rendererDir, 'assets'))).filter((f) => f.endsWith('.js'));
    const initialFiles = new Set(initial.map((c) => c.file));
    const lazy = assets.filter((f) => !initialFiles.has(`assets/${f}`));
    const lazyWithEcharts = [];
    for (const f of lazy)
      if (ECHARTS_MARKER.test(await readFile(join(rendererDir, 'assets', f), 'utf8')))
        lazyWithEcharts.push(f);
    expect(lazyWithEcharts.length).toBeGreaterThan(0);
  });

  it('carries no schema library into the initial bundle (the contract is imported as types only)', () => {
    // zod's own error-message table; present whenever zod's runtime is bundled
    for (const chunk of initial)
      expect(chunk.text.includes('Invalid input: expected'), `${chunk.file} contains zod`).toBe(false);
  });
});
