import { randomUUID } from 'node:crypto';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../src/emulator';
import type { Db } from '../../../src/main/db/db';
import { openDatabase } from '../../../src/main/db/open-database';
import { createFabricClients, type FabricClients, type RetryPolicyOptions } from '../../../src/main/fabric';
import { WorkbookInspector } from '../../../src/main/ingest/workbook-inspector';
import type { Logger } from '../../../src/main/log/logger';
import { createRunServices, type RunServices, type RunTimings } from '../../../src/main/runs';
import type { DbProfile } from '../../../src/main/db/db';
import type { LockStatus, Run } from '../../../src/shared/contract/runs';
import { emulatorProfile } from '../fabric/emulator-profile';

export const SAMPLE_INPUT = 'Files/import/sales_orders_fact.xlsx';

/** Short leases and polls so a run's whole life fits in a test. */
export const FAST_TIMINGS: Partial<RunTimings> = {
  lockLeaseSec: 30,
  monitorLeaseSec: 2,
  pollMs: 150,
  idleMs: 300,
  triggerGraceSec: 1,
  maxBackoffMs: 1_000,
};

export const quietLogger = (): Logger & { lines: string[] } => {
  const lines: string[] = [];
  const at = (level: string) => (m: string, f?: Record<string, unknown>) =>
    void lines.push(`${level} ${m} ${f ? JSON.stringify(f) : ''}`);
  const logger: Logger & { lines: string[] } = {
    lines,
    debug: () => undefined,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
};

export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ speed: 10, seedSample: true, ...opts });
}

export interface Client {
  label: string;
  /** every run.changed / lock.changed this client's change feed pushed (LISTEN/NOTIFY) */
  runChanges: Array<{ runId: string | null; run: Run | null }>;
  lockChanges: LockStatus[];
  services: RunServices;
  db: Db;
  fabric: FabricClients;
  logger: ReturnType<typeof quietLogger>;
  close(): Promise<void>;
}

/** One portal client: its own database pool, Fabric clients and run services (like one analyst's app). */
export async function openClient(
  emu: Emulator,
  db: { profile: DbProfile } | { db: Db },
  options: {
    name?: string;
    timings?: Partial<RunTimings>;
    monitor?: boolean;
    retry?: Partial<RetryPolicyOptions>;
  } = {},
): Promise<Client> {
  const name = options.name ?? `tester-${randomUUID().slice(0, 4)}`;
  const opened = 'db' in db ? { db: db.db } : await openDatabase({ kind: 'pg', profile: db.profile });
  const fabric = createFabricClients(emulatorProfile(emu), {
    retry: { baseDelayMs: 20, maxDelayMs: 3_000, ...options.retry },
  });
  const logger = quietLogger();
  const runChanges: Client['runChanges'] = [];
  const lockChanges: LockStatus[] = [];
  const services = createRunServices({
    onRunChanged: (p) => runChanges.push(p),
    onLockChanged: (s) => lockChanges.push(s),
    db: opened.db,
    fabric: {
      jobs: fabric.jobs,
      onelake: fabric.onelake,
      ownerUpn: emu.env.OWNER_UPN,
      ownerObjectId: emu.env.OWNER_OBJECT_ID,
    },
    inspector: new WorkbookInspector(),
    identity: { holderId: randomUUID(), label: `${name}@testhost`, actor: name, host: 'testhost' },
    logger,
    timings: { ...FAST_TIMINGS, ...options.timings },
  });
  await services.start({ monitor: options.monitor ?? true });
  return {
    label: `${name}@testhost`,
    runChanges,
    lockChanges,
    services,
    db: opened.db,
    fabric,
    logger,
    async close() {
      await services.stop();
      fabric.close();
      if (!('db' in db)) await opened.db.close();
    },
  };
}

export async function until<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  ms = 150_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
