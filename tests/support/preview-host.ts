import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

// Test helpers for the BUILT browser preview host (out/main/preview.js) and system Chromium.

const root = resolve(import.meta.dirname, '..', '..');
const LOCK_DIR = join(root, '.cache', 'build.lock');
const LOCK_STALE_MS = 5 * 60_000;
export const CHROMIUM_PATH = process.env['PORTAL_CHROMIUM'] ?? '/usr/bin/chromium';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` while no other test worker or engineer on this machine builds out/ (a lock directory): builds,
 * and whatever must see out/ unchanged throughout (packing it).
 */
export async function withBuildLock<T>(fn: () => Promise<T> | T): Promise<T> {
  await mkdir(join(root, '.cache'), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      break;
    } catch {
      const st = await stat(LOCK_DIR).catch(() => null);
      // A crashed build leaves the lock behind; after a generous timeout it is taken over.
      if (st && Date.now() - st.mtimeMs > LOCK_STALE_MS) await rmdir(LOCK_DIR).catch(() => undefined);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(LOCK_DIR).catch(() => undefined);
  }
}

/** Builds the app when out/ is missing or older than src/ (scripts/start.mjs --build-only decides). */
export function ensureBuilt(): Promise<void> {
  return withBuildLock(() => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs'), '--build-only'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`The app build failed:\n${r.stdout}${r.stderr}`);
  });
}

export interface PreviewHost {
  /** the address the host printed, with ?token= */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  /** what the host wrote to stderr so far (its log lines) */
  stderr(): string;
  stop(): Promise<void>;
}

const LINE = /Fabric Data Portal preview: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))/;

/** Runs `node out/main/preview.js --port 0 --data-dir <dir>` and waits for the printed address. */
export async function startPreviewHost(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<PreviewHost> {
  await ensureBuilt();
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'portal-preview-')));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'out', 'main', 'preview.js'), '--port', '0', '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, PORTAL_LOG_STDERR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const match = await new Promise<RegExpExecArray>((resolveMatch, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The preview host printed no address in 30 s.\n${stderr}`)),
      30_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = LINE.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolveMatch(m);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The preview host exited (code ${code}) before printing its address.\n${stderr}`));
    });
  });

  const [, url = '', port = '0', token = ''] = match;
  let stopped = false;
  return {
    url,
    origin: `http://127.0.0.1:${port}`,
    port: Number(port),
    token,
    dataDir,
    stderr: () => stderr,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timeout = sleep(5_000).then(() => 'timeout' as const);
        if ((await Promise.race([exited, timeout])) === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      }
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * System Chromium through playwright-core. Playwright gives every launch a fresh temporary user-data-dir,
 * so runs never share cookies or storage.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set PORTAL_CHROMIUM.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
