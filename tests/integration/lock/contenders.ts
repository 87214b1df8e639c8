import pg from 'pg';

/** Advisory-lock key of the start barrier; the control connection holds it exclusively between rounds. */
const BARRIER_KEY = 4_242_001;

/**
 * N separate connections released at the same instant by a database-side barrier (reliability-notes §2f):
 * the control connection holds pg_advisory_lock(K), every contender blocks in pg_advisory_lock_shared(K),
 * and releasing K grants all the shared waiters together.
 */
export class Contenders {
  private constructor(
    readonly control: pg.Client,
    readonly clients: pg.Client[],
    private readonly url: string,
  ) {}

  static async open(url: string, n: number): Promise<Contenders> {
    const connect = async (): Promise<pg.Client> => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      // A contender killed on purpose must not crash the test process.
      c.on('error', () => undefined);
      return c;
    };
    const control = await connect();
    const clients = await Promise.all(Array.from({ length: n }, connect));
    return new Contenders(control, clients, url);
  }

  /** Replaces contender i by a fresh connection (after it was terminated). */
  async replace(i: number): Promise<void> {
    const c = new pg.Client({ connectionString: this.url });
    await c.connect();
    c.on('error', () => undefined);
    this.clients[i] = c;
  }

  async pid(i: number): Promise<number> {
    const { rows } = await this.client(i).query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]!.pid;
  }

  client(i: number): pg.Client {
    const c = this.clients[i];
    if (c === undefined) throw new Error(`no contender ${i}`);
    return c;
  }

  /**
   * Runs body(client, i) on every contender, all starting at once behind the barrier; resolves with each
   * contender's result in order. maxJitterMs adds a random pause after the barrier, so arrival order varies.
   */
  async race<T>(body: (c: pg.Client, i: number) => Promise<T>, maxJitterMs = 0): Promise<T[]> {
    await this.control.query('SELECT pg_advisory_lock($1)', [BARRIER_KEY]);
    const runs = this.clients.map(async (c, i) => {
      await c.query('SELECT pg_advisory_lock_shared($1)', [BARRIER_KEY]);
      try {
        if (maxJitterMs > 0) await new Promise((r) => setTimeout(r, Math.random() * maxJitterMs));
        return await body(c, i);
      } finally {
        await c.query('SELECT pg_advisory_unlock_shared($1)', [BARRIER_KEY]);
      }
    });
    try {
      await this.waitUntilAllBlocked();
    } finally {
      await this.control.query('SELECT pg_advisory_unlock($1)', [BARRIER_KEY]);
    }
    return Promise.all(runs);
  }

  /** Proof that the contenders really queued at the barrier rather than trickling in one by one. */
  private async waitUntilAllBlocked(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await this.control.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted AND classid = 0 AND objid = $1
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [BARRIER_KEY],
      );
      if (rows[0]!.n === this.clients.length) return;
      if (Date.now() > deadline) {
        throw new Error(`only ${rows[0]!.n} of ${this.clients.length} contenders reached the barrier`);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.control, ...this.clients].map((c) => c.end().catch(() => undefined)));
  }
}
