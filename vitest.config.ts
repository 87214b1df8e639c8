import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

const alias = { '@shared': resolve('src/shared'), '@renderer': resolve('src/renderer/src') };

// The Electron smoke test needs Electron's binary, which cannot be downloaded on every machine. When it is
// missing the file is not collected at all (a skipped test would hide the gap under CI=true).
const electronBinaryInstalled = (() => {
  const pkg = resolve('node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return false;
  const dist = process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? join(pkg, 'dist');
  return existsSync(join(dist, readFileSync(pathFile, 'utf8').trim()));
})();

// Three projects, so that `npm test` runs all and a developer can run one:
// unit (pure logic, fast), integration (real PostgreSQL, PGlite, emulator over HTTPS, keychain,
// Python notebook), e2e (preview host driven by playwright-core in system Chromium).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/parity/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: [
            ...configDefaults.exclude,
            ...(electronBinaryInstalled ? [] : ['tests/e2e/electron-smoke.test.ts']),
          ],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
