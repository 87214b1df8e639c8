import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import type { Db } from '../db/db';
import { openDatabase } from '../db/open-database';
import { claimDataDir } from '../db/pglite-lock';
import type { FabricProfile } from '../fabric';
import { createWorkerPipelineRunner } from '../ingest/worker-pipeline-runner';
import { findSampleWorkbook } from './sample-path';

export interface DemoEnvironment {
  db: Db;
  emulator: Emulator;
  /** Fabric clients' profile: the emulator's endpoints, trusting exactly its certificate */
  fabricProfile: FabricProfile;
  ownerUpn: string;
  ownerObjectId: string;
  close(): Promise<void>;
}

/**
 * The Demo profile's world, all inside this process: PGlite in <dataDir>/demo/pgdata (migrated at start)
 * and the Fabric emulator on a random loopback port, its lakehouse in <dataDir>/demo/lakehouse seeded with
 * the sample workbook. The app then talks to both exactly as it talks to the real services.
 */
export async function startDemoEnvironment(
  dataDir: string,
  options: { warn?: (message: string) => void; speed?: number } = {},
): Promise<DemoEnvironment> {
  const root = join(dataDir, 'demo');
  const pgdata = join(root, 'pgdata');
  const lakehouseDir = join(root, 'lakehouse');
  await mkdir(pgdata, { recursive: true });
  await mkdir(lakehouseDir, { recursive: true });
  const sample = findSampleWorkbook();
  // A folder held by another portal fails here at once, before the emulator spends seconds on its
  // certificate (the offline reconnect loop retries this; openDatabase claims the folder for real below).
  claimDataDir(pgdata)();
  // Both start at once: PGlite's WASM load and the emulator's certificate generation take the longest.
  const [db, emu] = await Promise.allSettled([
    openDatabase({ kind: 'pglite', dataDir: pgdata }),
    // The engine runs in a worker: on this thread a run would freeze the host (and its Fabric clients).
    startEmulator({
      lakehouseDir,
      seedSample: true,
      pipelineRunner: createWorkerPipelineRunner(),
      ...(options.speed !== undefined ? { speed: options.speed } : {}),
      ...(sample ? { samplePath: sample } : {}),
    }),
  ]);
  // When one half fails the other is closed: the offline reconnect loop retries this every few seconds.
  if (db.status === 'rejected' || emu.status === 'rejected') {
    if (db.status === 'fulfilled') await db.value.db.close().catch(() => undefined);
    if (emu.status === 'fulfilled') await emu.value.stop().catch(() => undefined);
    throw db.status === 'rejected' ? db.reason : (emu as PromiseRejectedResult).reason;
  }
  const opened = db.value;
  const emulator = emu.value;
  for (const w of emulator.warnings) options.warn?.(`Demo emulator: ${w}`);
  const e = emulator.env;
  return {
    db: opened.db,
    emulator,
    fabricProfile: {
      authorityUrl: e.FABRIC_AUTHORITY_URL,
      fabricApiUrl: e.FABRIC_API_URL,
      onelakeUrl: e.ONELAKE_URL,
      caCertPem: emulator.caCertPem,
      tenantId: e.FABRIC_TENANT_ID,
      workspaceId: e.FABRIC_WORKSPACE_ID,
      pipelineId: e.FABRIC_PIPELINE_ID,
      lakehouseId: e.FABRIC_LAKEHOUSE_ID,
      credentials: {
        kind: 'client-credentials',
        clientId: e.FABRIC_CLIENT_ID,
        clientSecret: e.FABRIC_CLIENT_SECRET,
      },
    },
    ownerUpn: e.OWNER_UPN,
    ownerObjectId: e.OWNER_OBJECT_ID,
    async close() {
      await emulator.stop();
      await opened.db.close();
    },
  };
}
