import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { createPgDb } from '../../../src/main/db/pg-db';
import { createPgliteDb } from '../../../src/main/db/pglite-db';
import { AppError } from '../../../src/shared/contract/errors';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

function waitFor<T>(get: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const v = get();
      if (v !== undefined) return resolve(v);
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

// The same behaviour is required of both drivers; each block runs the shared cases on one of them.
function driverCases(name: string, open: () => Promise<Db>, openSecond: (() => Promise<Db>) | null): void {
  describe(`${name} driver`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await open();
      await db.exec('CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL, doc jsonb, big int8)');
    });
    afterAll(async () => {
      await db.close();
    });

    it('runs parameterised queries with the same value types', async () => {
      await db.query('INSERT INTO items VALUES ($1, $2, $3, $4)', [
        1,
        'one',
        { a: [1, 2] },
        9_007_199_254_740_991,
      ]);
      const rows = await db.query<{ id: number; label: string; doc: unknown; big: number; at: Date }>(
        'SELECT id, label, doc, big, now() AS at FROM items WHERE id = $1',
        [1],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.doc).toEqual({ a: [1, 2] });
      expect(rows[0]!.big).toBe(9_007_199_254_740_991);
      expect(rows[0]!.at).toBeInstanceOf(Date);
      expect(db.kind).toBe(name);
    });

    it('commits a transaction and rolls back one that throws, savepoints included', async () => {
      await db.transaction(async (tx) => {
        await tx.query("INSERT INTO items VALUES (2, 'two')");
        await tx
          .transaction(async (inner) => {
            await inner.query("INSERT INTO items VALUES (3, 'three')");
            throw new Error('inner fails');
          })
          .catch(() => undefined);
      });
      const failed = await db
        .transaction(async (tx) => {
          await tx.query("INSERT INTO items VALUES (4, 'four')");
          throw new Error('boom');
        })
        .catch((e: unknown) => e);
      expect((failed as Error).message).toBe('boom');
      const ids = (await db.query<{ id: number }>('SELECT id FROM items ORDER BY id')).map((r) => r.id);
      expect(ids).toEqual([1, 2]);
    });

    it('keeps concurrent transactions apart', async () => {
      // Each reads max(id) and inserts max+1: interleaving would collide on the primary key.
      const guarded = (n: number): Promise<void> =>
        db.transaction(async (tx) => {
          await tx.query('LOCK TABLE items IN EXCLUSIVE MODE');
          const [row] = await tx.query<{ m: number }>('SELECT coalesce(max(id), 0) AS m FROM items');
          await tx.query('INSERT INTO items VALUES ($1, $2)', [row!.m + 1, `c${n}`]);
        });
      await Promise.all(Array.from({ length: 8 }, (_, n) => guarded(n)));
      const [count] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM items WHERE label LIKE 'c%'",
      );
      expect(count!.n).toBe(8);
    });

    it('delivers NOTIFY to listeners until they unsubscribe', async () => {
      const got: string[] = [];
      const stop = await db.listen('portal_test', (p) => got.push(p));
      const sender = openSecond === null ? db : await openSecond();
      try {
        await sender.query("SELECT pg_notify('portal_test', 'hello')");
        await sender.transaction(async (tx) => {
          await tx.query("SELECT pg_notify('portal_test', 'committed')");
        });
        await sender
          .transaction(async (tx) => {
            await tx.query("SELECT pg_notify('portal_test', 'rolled back')");
            throw new Error('no');
          })
          .catch(() => undefined);
        await waitFor(() => (got.length >= 2 ? true : undefined), 'two notifications');
        await stop();
        await sender.query("SELECT pg_notify('portal_test', 'after stop')");
        await new Promise((r) => setTimeout(r, 200));
        expect(got).toEqual(['hello', 'committed']);
      } finally {
        if (sender !== db) await sender.close();
      }
    });
  });
}

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

driverCases(
  'pg',
  async () => createPgDb(tdb.profile),
  async () => createPgDb(tdb.profile),
);
driverCases('pglite', () => createPgliteDb(), null);

describe('pg driver when the server is unreachable', () => {
  it('reports DB_UNAVAILABLE with host, port and cause, and never the password', async () => {
    // A port nobody listens on: take a free one and do not use it.
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
      });
    });
    const db = createPgDb({ ...tdb.profile, port, password: 'S3cret-pw' });
    try {
      for (const attempt of [
        db.query('SELECT 1'),
        db.transaction(async (tx) => tx.query('SELECT 1')),
        db.listen('x', () => undefined),
      ]) {
        const e = await attempt.catch((err: unknown) => err);
        expect(e).toBeInstanceOf(AppError);
        const err = e as AppError;
        expect(err.code).toBe('DB_UNAVAILABLE');
        expect(err.message).toBe(
          `The PostgreSQL server at 127.0.0.1:${port} is not reachable (ECONNREFUSED). Check that it is ` +
            'running and that host and port in the connection profile are right.',
        );
        expect(JSON.stringify(err.toData())).not.toContain('S3cret-pw');
      }
    } finally {
      await db.close();
    }
  });

  it('reports a wrong password as a refused login', async () => {
    const db = createPgDb({ ...tdb.profile, password: 'wrong-password' });
    try {
      const e = (await db.query('SELECT 1').catch((err: unknown) => err)) as AppError;
      expect(e.code).toBe('DB_UNAVAILABLE');
      expect(e.message).toContain(`refused the login of user "${tdb.profile.user}" (28P01)`);
      expect(e.message).not.toContain('wrong-password');
    } finally {
      await db.close();
    }
  });
});
