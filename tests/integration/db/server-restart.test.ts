import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb } from '../../../src/main/db/pg-db';
import { AppError } from '../../../src/shared/contract/errors';
import { profileFromUrl, startPostgres, type TestPostgres } from '../../support/pg';

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// This file stops and starts its own server, so it cannot disturb the shared one.
describe('pg driver across a server restart', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres({ maxConnections: 20 });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('reports DB_UNAVAILABLE while down, then LISTEN resumes by itself and asks subscribers to resync', async () => {
    const profile = profileFromUrl(server.url);
    const errors: unknown[] = [];
    const db = createPgDb(profile, {
      listenerBackoffMs: { min: 50, max: 400 },
      onError: (e) => errors.push(e),
    });
    const sender = createPgDb(profile);
    const got: string[] = [];
    let resyncs = 0;
    try {
      await db.listen('portal_runs', (p) => got.push(p), { onResync: () => resyncs++ });
      await sender.query(`SELECT pg_notify('portal_runs', 'before')`);
      await until(async () => got.includes('before'), 'the first notification');

      await server.stop();
      const down = await db.query('SELECT 1').catch((e: unknown) => e);
      expect(down).toBeInstanceOf(AppError);
      expect((down as AppError).code).toBe('DB_UNAVAILABLE');
      expect((down as AppError).message).toMatch(
        new RegExp(
          `^The (PostgreSQL server at 127\\.0\\.0\\.1:${server.port} is not reachable|connection to)`,
        ),
      );
      await until(async () => errors.length > 0, 'the listener to notice the outage');

      await server.start();
      await until(async () => resyncs > 0, 'the listener to reconnect');
      // The pool hands out fresh connections again, and a NOTIFY reaches the old subscription.
      await sender.query(`SELECT pg_notify('portal_runs', 'after restart')`);
      await until(async () => got.includes('after restart'), 'a notification after the restart');
      expect(resyncs).toBe(1);
      expect((await db.query<{ one: number }>('SELECT 1 AS one'))[0]!.one).toBe(1);
    } finally {
      await db.close();
      await sender.close();
    }
  });
});
