#!/usr/bin/env node
// `npm start`: builds the app when out/ is missing or older than the sources, then runs Electron when its
// binary is installed, otherwise the browser preview host (same services, renderer on 127.0.0.1).
//   npm start -- --preview      force the preview host (other options go to it: --port N, --data-dir DIR)
//   node scripts/start.mjs --build-only   build if stale, then exit (used by the test helpers)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forcePreview = args.includes('--preview');
const buildOnly = args.includes('--build-only');
const passThrough = args.filter((a) => a !== '--preview' && a !== '--build-only');

const BUILD_OUTPUTS = [
  'out/main/index.js',
  'out/main/preview.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];
const BUILD_INPUTS = ['src', 'electron.vite.config.ts', 'package.json', 'tsconfig.base.json'];

function newestMtime(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isBuildStale() {
  const outputs = BUILD_OUTPUTS.map((p) => statSync(join(root, p), { throwIfNoEntry: false }));
  if (outputs.some((s) => !s)) return true;
  const oldestOutput = Math.min(...outputs.map((s) => s.mtimeMs));
  return Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(root, p)))) > oldestOutput;
}

function buildIfStale() {
  if (!isBuildStale()) return;
  console.log('Building the app (electron-vite build)…');
  const bin = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite',
  );
  const r = spawnSync(bin, ['build', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8', shell: false });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    process.stderr.write('The build failed (output above). Fix the error and run npm start again.\n');
    process.exit(1);
  }
}

/**
 * The Electron binary, or null. Never just require('electron'): without its binary, Electron's package
 * tries to download it, which hangs or fails without network. path.txt + dist/ say whether it is installed.
 */
function findElectronBinary() {
  try {
    const require = createRequire(join(root, 'package.json'));
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const relative = readFileSync(pathFile, 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist');
    if (!existsSync(join(distDir, relative))) return null;
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const hasDisplay = () =>
  process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

buildIfStale();
if (buildOnly) process.exit(0);

const electron = forcePreview ? null : findElectronBinary();
if (electron && hasDisplay()) {
  // Demo mode is what the app opens in when no profile exists yet.
  run(electron, ['.', ...passThrough]);
} else {
  if (!forcePreview) {
    console.log(
      electron
        ? 'No display available for Electron; starting the browser preview host instead.'
        : 'Electron binary not available here; starting the browser preview host instead.',
    );
  }
  run(process.execPath, [join(root, 'out', 'main', 'preview.js'), ...passThrough]);
}
