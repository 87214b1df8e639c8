import type { Db } from '../db/db';
import type { FabricClients } from '../fabric';

/**
 * What a connection test talks to. Each side opens lazily and on its own, so a missing client secret
 * fails the Fabric parts while the database parts still run (and the other way round).
 */
export interface ConnectionTarget {
  fabric(): Promise<FabricClients>;
  db(): Promise<Db>;
  /** closes what this target opened itself (nothing when it borrows the running backend) */
  close(): Promise<void>;
}

/** Opens each side at most once and closes only what was opened. */
export function lazyTarget(open: {
  fabric: () => Promise<FabricClients>;
  db: () => Promise<Db>;
  owned: boolean;
}): ConnectionTarget {
  let fabric: Promise<FabricClients> | null = null;
  let db: Promise<Db> | null = null;
  return {
    fabric: () => (fabric ??= open.fabric()),
    db: () => (db ??= open.db()),
    async close() {
      if (!open.owned) return;
      await fabric?.then((f) => f.close()).catch(() => undefined);
      await db?.then((d) => d.close()).catch(() => undefined);
    },
  };
}
