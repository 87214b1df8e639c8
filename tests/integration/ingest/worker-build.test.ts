import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The inspector's worker must also load in the electron-vite build (out/main/inspect-worker.js next to the
// bundled main code), not only from TypeScript source. This builds a tiny main entry that uses the
// inspector plus the real inspect-worker entry, then runs the built code with plain node.

const SAMPLE = resolve('resources/sample/sales_orders_fact.xlsx');
// Inside the project so the built code's bare imports (fflate, zod, ...) resolve from node_modules.
const work = resolve('node_modules/.cache', `ingest-worker-build-${process.pid}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('inspect worker in the electron-vite build', () => {
  it('builds as its own entry and answers from the built main code', () => {
    mkdirSync(work, { recursive: true });
    const entry = join(work, 'entry.ts');
    writeFileSync(
      entry,
      `import { WorkbookInspector } from ${JSON.stringify(resolve('src/main/ingest/workbook-inspector.ts'))};\n` +
        `const p = await new WorkbookInspector().quickPreview(process.argv[2] as string, 2);\n` +
        `console.log(JSON.stringify(p.rows.map((r) => r.values[0])));\n`,
    );
    const config = join(work, 'electron.vite.config.mjs');
    writeFileSync(
      config,
      `import { defineConfig, externalizeDepsPlugin } from 'electron-vite';\n` +
        `export default defineConfig({ main: { plugins: [externalizeDepsPlugin()], build: {\n` +
        `  outDir: ${JSON.stringify(join(work, 'out/main'))}, emptyOutDir: true,\n` +
        `  rollupOptions: { input: { index: ${JSON.stringify(entry)},\n` +
        `    'inspect-worker': ${JSON.stringify(resolve('src/main/ingest/inspect-worker.ts'))} } } } } });\n`,
    );
    const build = spawnSync(resolve('node_modules/.bin/electron-vite'), ['build', '-c', config], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(build.status, build.stderr + build.stdout).toBe(0);
    expect(existsSync(join(work, 'out/main/inspect-worker.js'))).toBe(true);
    const run = spawnSync(process.execPath, [join(work, 'out/main/index.js'), SAMPLE], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual(['SO-100001', 'SO-100001']);
  }, 240_000);
});
