import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db } from './db';
import { claimDataDir } from './pglite-lock';

export interface PgliteDbOptions {
  /** folder that holds the embedded database; undefined keeps it in memory (tests) */
  dataDir?: string;
}

type Queryable = Pick<Transaction, 'query' | 'exec'>;

/**
 * The embedded demo database. PGlite is one connection: its transaction() holds an exclusive mutex, so
 * transactions (and queries from outside them) are queued and never interleave. A transaction body must
 * therefore use the Db it is given; awaiting the outer Db inside it would wait forever.
 */
export async function createPgliteDb(options: PgliteDbOptions = {}): Promise<Db> {
  const release = options.dataDir === undefined ? () => undefined : claimDataDir(options.dataDir);
  let lite: PGlite;
  try {
    lite = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  } catch (e) {
    release();
    throw e;
  }

  const run = async <T extends object>(
    q: Queryable,
    sql: string,
    params?: readonly unknown[],
  ): Promise<T[]> => (await q.query<T>(sql, params === undefined ? undefined : [...params])).rows;

  const bound = (tx: Transaction, depth: number): Db => ({
    kind: 'pglite',
    query: (sql, params) => run(tx, sql, params),
    exec: async (sql) => {
      await tx.exec(sql);
    },
    transaction: async (fn) => {
      const savepoint = `portal_sp_${depth}`;
      await tx.exec(`SAVEPOINT ${savepoint}`);
      try {
        const value = await fn(bound(tx, depth + 1));
        await tx.exec(`RELEASE SAVEPOINT ${savepoint}`);
        return value;
      } catch (e) {
        await tx.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
        throw e;
      }
    },
    listen: async (channel, handler) => {
      const unlisten = await lite.listen(channel, handler, tx);
      return async () => {
        await unlisten();
      };
    },
    close: () => Promise.reject(new Error('Close the outer Db, not the one bound to a transaction.')),
  });

  return {
    kind: 'pglite',
    query: (sql, params) => run(lite, sql, params),
    exec: async (sql) => {
      await lite.exec(sql);
    },
    transaction: (fn) => lite.transaction((tx) => fn(bound(tx, 1))),
    listen: async (channel, handler) => {
      const unlisten = await lite.listen(channel, handler);
      return async () => {
        await unlisten();
      };
    },
    close: async () => {
      try {
        await lite.close();
      } finally {
        release();
      }
    },
  };
}
