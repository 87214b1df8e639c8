import type { Db } from '../db/db';
import type { FabricClients } from '../fabric';

/**
 * What a connection test talks to. Each side opens lazily and on its own, so a missing client secret
 * fails the Fabric parts while the database parts still run (and the other way round).
 */
export interface ConnectionTarget {
  fabric(): Promise<FabricClients>;
  db(): Promise<Db>;
  /** closes what this target opened itself (nothing it borrowed from the running backend) */
  close(): Promise<void>;
}

/** One side as opened: `owned` when the test opened it itself and so must close it. */
export interface Opened<T> {
  value: T;
  owned: boolean;
}

/** Opens each side at most once and closes only what it opened itself. */
export function lazyTarget(open: {
  fabric: () => Promise<Opened<FabricClients>>;
  db: () => Promise<Opened<Db>>;
}): ConnectionTarget {
  let fabric: Promise<Opened<FabricClients>> | null = null;
  let db: Promise<Opened<Db>> | null = null;
  return {
    fabric: async () => (await (fabric ??= open.fabric())).value,
    db: async () => (await (db ??= open.db())).value,
    async close() {
      await fabric
        ?.then((f) => {
          if (f.owned) f.value.close();
        })
        .catch(() => undefined);
      await db?.then((d) => (d.owned ? d.value.close() : undefined)).catch(() => undefined);
    },
  };
}
