/** Which engine is behind a Db: a PostgreSQL server (shared by all analysts) or embedded PGlite (demo). */
export type DbKind = 'pg' | 'pglite';

/** A row as returned by a query: column name to value (int8 as number, timestamptz as Date, jsonb parsed). */
export type Row = Record<string, unknown>;

export type NotificationHandler = (payload: string) => void;

export interface ListenOptions {
  /**
   * Called after the listening connection came back from an outage. Notifications sent while it was down
   * are lost, so the subscriber should re-read the state it shows.
   */
  onResync?: () => void;
}

/**
 * The one database interface every service uses; the pg and PGlite drivers implement it identically.
 * Errors that mean "cannot reach the database" are AppError DB_UNAVAILABLE; SQL errors keep their SQLSTATE
 * in `code` (see sqlStateOf).
 */
export interface Db {
  readonly kind: DbKind;
  /** One statement with $1..$n parameters. */
  query<T extends object = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** A parameterless script of one or more statements (migrations, admin scripts). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn inside BEGIN/COMMIT on one connection; rolls back and rethrows if fn throws. The Db passed to
   * fn is bound to that connection: use it, not the outer Db, for every statement of the transaction.
   * Calling transaction on it again opens a savepoint.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; resolves to the unsubscribe function once the server is listening. */
  listen(
    channel: string,
    handler: NotificationHandler,
    options?: ListenOptions,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Connection settings of a PostgreSQL server profile. The password comes from the keychain. */
export interface DbProfile {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** false: plain TCP; true: TLS with the system CAs; an object: TLS with a given CA or without verification. */
  ssl: boolean | { ca?: string; rejectUnauthorized?: boolean };
}
