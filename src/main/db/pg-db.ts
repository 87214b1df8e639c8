import pg from 'pg';
import type { Db, DbProfile, ListenOptions, NotificationHandler } from './db';
import { connectionErrorToAppError } from './db-errors';
import { pgClientConfig } from './pg-config';
import { PgListener } from './pg-listener';

export interface PgDbOptions {
  /** shows in pg_stat_activity, so an administrator can tell portal sessions apart */
  applicationName?: string;
  /** pool size per app; each analyst's app holds at most this many connections plus one for LISTEN */
  maxConnections?: number;
  /** background errors (idle connection dropped, listener reconnect failures); never thrown */
  onError?: (e: unknown) => void;
  listenerBackoffMs?: { min: number; max: number };
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/** The server driver: a pool for queries and transactions, one dedicated connection for LISTEN. */
export function createPgDb(profile: DbProfile, options: PgDbOptions = {}): Db {
  const applicationName = options.applicationName ?? 'fabric-data-portal';
  const pool = new pg.Pool({
    ...pgClientConfig(profile, applicationName),
    max: options.maxConnections ?? 5,
    idleTimeoutMillis: 30_000,
  });
  // An idle pooled connection that the server drops emits 'error' on the pool; without a handler Node
  // would crash the app. The next query gets a fresh connection.
  pool.on('error', (e) => options.onError?.(connectionErrorToAppError(e, profile) ?? e));
  const listener = new PgListener(profile, {
    applicationName: `${applicationName} listen`,
    minBackoffMs: options.listenerBackoffMs?.min,
    maxBackoffMs: options.listenerBackoffMs?.max,
    onError: options.onError,
  });
  const mapError = (e: unknown): unknown => connectionErrorToAppError(e, profile) ?? e;

  const run = async <T extends object>(
    q: Queryable,
    sql: string,
    params?: readonly unknown[],
  ): Promise<T[]> => {
    try {
      const result = await q.query(sql, params === undefined ? undefined : [...params]);
      return result.rows as T[];
    } catch (e) {
      throw mapError(e);
    }
  };

  const bound = (client: pg.PoolClient, depth: number): Db => ({
    kind: 'pg',
    query: (sql, params) => run(client, sql, params),
    exec: async (sql) => {
      await run(client, sql);
    },
    transaction: async (fn) => {
      const savepoint = `portal_sp_${depth}`;
      await run(client, `SAVEPOINT ${savepoint}`);
      try {
        const value = await fn(bound(client, depth + 1));
        await run(client, `RELEASE SAVEPOINT ${savepoint}`);
        return value;
      } catch (e) {
        await run(client, `ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
        throw e;
      }
    },
    listen: (channel, handler, listenOptions) => listener.listen(channel, handler, listenOptions),
    close: () => Promise.reject(new Error('Close the outer Db, not the one bound to a transaction.')),
  });

  return {
    kind: 'pg',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await run(pool, sql);
    },
    transaction: async (fn) => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw mapError(e);
      }
      let broken: Error | undefined;
      try {
        await run(client, 'BEGIN');
        const value = await fn(bound(client, 1));
        await run(client, 'COMMIT');
        return value;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection itself failed; destroy it instead of handing it to the next caller.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw e;
      } finally {
        client.release(broken);
      }
    },
    listen: (channel: string, handler: NotificationHandler, listenOptions?: ListenOptions) =>
      listener.listen(channel, handler, listenOptions),
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}
