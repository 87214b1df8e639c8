import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { RunLockRepo } from '../../../src/main/runs/lock-repo';

// Logic only: what the repository concludes when the database never answers. The real heartbeat is
// covered against PostgreSQL and PGlite in tests/integration/lock.
function hangingDb(): Db {
  const never = new Promise<never>(() => undefined);
  return {
    kind: 'pg',
    query: () => never,
    exec: () => never,
    transaction: () => never,
    listen: () => never,
    close: async () => undefined,
  };
}

describe('heartbeat timeout', () => {
  it('counts a heartbeat the database does not answer as a lost lease', async () => {
    const repo = new RunLockRepo(hangingDb(), {
      identity: { actor: 'a', host: 'h' },
      heartbeatTimeoutMs: 20,
    });
    await expect(repo.heartbeat(7)).resolves.toBeNull();
  });
});
