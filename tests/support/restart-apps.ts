import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { FAST_TIMINGS } from '../integration/runs/harness';
import { composeTestApp, type TestApp } from './composed-app';
import { startFabricServers, type FabricServers } from './fabric-servers';

// Tests that compose the app several times on one data folder (a restart) and take servers away: what
// they open is disposed after the file, newest first, whatever the test left running.

export interface RestartApps {
  /** a temp folder removed after the file */
  tempDir(prefix: string): string;
  /** the app composed on `dataDir` (again, for a restart) */
  open(dataDir: string, options?: { warmUp?: boolean }): Promise<TestApp>;
  /** the standalone emulator and a private PostgreSQL server for a Fabric profile */
  startServers(): Promise<FabricServers>;
}

export function useRestartApps(): RestartApps {
  const dirs: string[] = [];
  const apps: TestApp[] = [];
  const servers: FabricServers[] = [];
  afterAll(async () => {
    for (const a of apps.reverse()) await a.dispose().catch(() => undefined);
    for (const s of servers) await s.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return {
    tempDir(prefix) {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
    async open(dataDir, options = {}) {
      const app = await composeTestApp({ dataDir, timings: FAST_TIMINGS, ...options });
      apps.push(app);
      return app;
    },
    async startServers() {
      const started = await startFabricServers();
      servers.push(started);
      return started;
    },
  };
}

/** An answer without its `offline` mark, to compare what was read online with the offline copy. */
export const withoutOffline = <T extends object>(v: T): Omit<T, 'offline'> => {
  const { offline: _o, ...rest } = v as T & { offline?: unknown };
  return rest;
};
