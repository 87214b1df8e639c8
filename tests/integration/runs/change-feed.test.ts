import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { migrate } from '../../../src/main/db/migrate';
import { createPgliteDb } from '../../../src/main/db/pglite-db';
import { ChangeFeed } from '../../../src/main/runs/change-feed';
import { RunLockRepo } from '../../../src/main/runs/lock-repo';
import { RunRepo } from '../../../src/main/runs/run-repo';
import { AppError } from '../../../src/shared/contract/errors';
import type { LockStatus, Run } from '../../../src/shared/contract/runs';
import { quietLogger, until } from './harness';

// The change feed on a real (PGlite) database: when LISTEN is refused it notices changes by polling and keeps
// trying to LISTEN; once listening, a NOTIFY becomes run.changed / lock.changed with the row re-read.

describe('ChangeFeed', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createPgliteDb();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('polls while LISTEN is refused, then switches to notifications', async () => {
    let refusals = 3;
    const flaky: Db = {
      ...db,
      listen: async (channel, handler, options) => {
        if (refusals > 0) {
          refusals -= 1;
          throw new AppError('DB_UNAVAILABLE', 'LISTEN refused for the test');
        }
        return db.listen(channel, handler, options);
      },
    };
    const runs = new RunRepo(db);
    const lock = new RunLockRepo(db, { identity: { actor: 'feed', host: 'test' } });
    const runEvents: Array<{ runId: string | null; run: Run | null }> = [];
    const lockEvents: LockStatus[] = [];
    let wakes = 0;
    const feed = new ChangeFeed({
      db: flaky,
      runs,
      lock,
      logger: quietLogger(),
      onRunChanged: (p) => runEvents.push(p),
      onLockChanged: (s) => lockEvents.push(s),
      onAnyChange: () => wakes++,
      pollMs: 100,
    });
    await feed.start();
    try {
      expect(feed.listening).toBe(false);
      // Let the poll take its first fingerprint, then change something.
      await new Promise((r) => setTimeout(r, 150));
      const runId = randomUUID();
      await lock.acquire({ holderId: randomUUID(), holderLabel: 'a@b', runId, leaseSec: 60 });
      await until(
        async () => lockEvents.some((l) => l.held && l.runId === runId) || undefined,
        'a lock.changed from polling',
        10_000,
      );
      expect(runEvents.some((e) => e.runId === null)).toBe(true);

      await until(async () => feed.listening || undefined, 'LISTEN to succeed on a later try', 10_000);
      const before = wakes;
      await runs.insert({
        runId,
        inputPath: 'Files/import/a.xlsx',
        inputName: 'a.xlsx',
        inputSize: 1,
        inputSha256: null,
        parameters: {},
        requestedBy: 'a@b',
        requestedHost: 'b',
        fencingToken: 1,
      });
      const pushed = await until(
        async () => runEvents.find((e) => e.runId === runId && e.run?.status === 'triggering'),
        'a run.changed by NOTIFY',
        10_000,
      );
      expect(pushed.run?.inputName).toBe('a.xlsx');
      expect(wakes).toBeGreaterThan(before);
    } finally {
      await feed.stop();
    }
  });
});
