import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { runSalesPipeline } from '../../../src/main/ingest/run-pipeline';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

// The `portal` CLI as separate processes (bin/portal.mjs) against the emulator over HTTPS and one real
// PostgreSQL database, configured only through the environment variables `npm run emulator` prints.

const BIN = resolve('bin/portal.mjs');
const SAMPLE = 'sales_orders_fact.xlsx';

interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let emu: Emulator;
let tdb: TestDatabase;
let dataDir: string;
let env: NodeJS.ProcessEnv;
/** extra time every pipeline job spends before the engine runs */
let jobDelayMs = 0;

function spawnPortal(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<Done> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Done>((r) =>
    child.once('close', (code, signal) => r({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const portal = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Done> =>
  spawnPortal(args, extraEnv).done;

function json<T>(d: Done): T {
  try {
    return JSON.parse(d.stdout) as T;
  } catch {
    throw new Error(
      `stdout is not one JSON document (exit ${d.code}):\n${d.stdout}\n--- stderr:\n${d.stderr}`,
    );
  }
}

async function runCount(): Promise<number> {
  const c = await tdb.client();
  try {
    return Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM pipeline_runs')).rows[0]!.n);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  emu = await startEmulator({
    speed: 5,
    seedSample: true,
    pipelineRunner: async (req) => {
      await new Promise((r) => setTimeout(r, jobDelayMs));
      return runSalesPipeline(req);
    },
  });
  tdb = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'portal-cli-'));
  const p = tdb.profile;
  env = {
    PATH: process.env.PATH,
    HOME: dataDir,
    PORTAL_DATA_DIR: dataDir,
    ...emu.env,
    PG_HOST: p.host,
    PG_PORT: String(p.port),
    PG_DATABASE: p.database,
    PG_USER: p.user,
    PG_PASSWORD: p.password,
    PG_SSLMODE: 'disable',
    PORTAL_POLL_MS: '200',
    PORTAL_MONITOR_LEASE_SEC: '2',
  };
});

afterAll(async () => {
  await emu?.stop();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('portal CLI', () => {
  it('documents its exit codes: usage 2, not found 4, database 6, Fabric 5; --json errors carry the code', async () => {
    const help = await portal(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('exit codes');

    const badUsage = await portal(['runs', 'list', '--limit', '0', '--json']);
    expect(badUsage.code).toBe(2);
    expect(json<{ error: { code: string } }>(badUsage).error.code).toBe('VALIDATION');
    expect((await portal(['lock', 'release'])).code).toBe(2);
    expect((await portal(['runs', 'show', 'not-a-uuid'])).code).toBe(2);

    const missing = await portal(['runs', 'show', '00000000-0000-4000-8000-000000000000', '--json']);
    expect(missing.code).toBe(4);
    expect(json<{ error: { code: string; message: string } }>(missing).error).toMatchObject({
      code: 'NOT_FOUND',
    });

    const noDb = await portal(['lock', 'show', '--json'], { PG_PORT: '1' });
    expect(noDb.code).toBe(6);
    expect(json<{ error: { code: string } }>(noDb).error.code).toBe('DB_UNAVAILABLE');

    const badSecret = await portal(['files', 'list', '--json'], { FABRIC_CLIENT_SECRET: 'wrong' });
    expect(badSecret.code).toBe(5);
    expect(json<{ error: { code: string } }>(badSecret).error.code).toMatch(/^FABRIC_/);

    const human = await portal(['runs', 'show', '00000000-0000-4000-8000-000000000000']);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/^error: There is no run/);
  }, 120_000);

  it('twenty `runs start` at once produce exactly one run; the others exit 3 and name the holder', async () => {
    emu.faults.nextJob({ kind: 'hang' });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => portal(['runs', 'start', '--input', SAMPLE, '--json'])),
    );
    const codes = results.map((r) => r.code).sort();
    const winners = results.filter((r) => r.code === 0);
    expect(winners, results.map((r) => `${r.code} ${r.stdout}${r.stderr}`).join('\n')).toHaveLength(1);
    expect(codes.filter((c) => c === 3)).toHaveLength(19);
    const run = json<{ runId: string; requestedBy: string; status: string }>(winners[0]!);
    expect(run.status).toBe('NotStarted');
    for (const loser of results.filter((r) => r.code === 3)) {
      const err = json<{ error: { code: string; message: string } }>(loser).error;
      expect(err.code).toBe('LOCKED');
      expect(err.message).toContain(run.requestedBy);
      expect(err.message).toContain(run.runId);
    }
    expect(await runCount()).toBe(1);

    // Human output of a refused start names the holder too.
    const again = await portal(['runs', 'start', '--input', SAMPLE]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(`held by ${run.requestedBy} for run ${run.runId}`);

    const lock = json<{ held: boolean; runId: string }>(await portal(['lock', 'show', '--json']));
    expect(lock).toMatchObject({ held: true, runId: run.runId });
    expect((await portal(['runs', 'cancel', run.runId, '--json'])).code).toBe(0);
    const ended = await portal(['runs', 'show', run.runId, '--wait', '--json']);
    expect(ended.code).toBe(5);
    expect(json<{ status: string }>(ended).status).toBe('Cancelled');
  }, 900_000);

  it('a killed `runs start --wait` does not stop the run: another client completes and records it', async () => {
    jobDelayMs = 6_000;
    const starter = spawnPortal(['runs', 'start', '--input', SAMPLE, '--wait']);
    let runId: string | undefined;
    for (let i = 0; i < 600 && !runId; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const c = await tdb.client();
      const rows = (
        await c.query<{ run_id: string }>(
          `SELECT run_id FROM pipeline_runs WHERE status IN ('NotStarted', 'InProgress')`,
        )
      ).rows;
      await c.end();
      runId = rows[0]?.run_id;
    }
    expect(runId).toBeDefined();
    starter.child.kill('SIGKILL');
    const killed = await starter.done;
    expect(killed.signal).toBe('SIGKILL');
    jobDelayMs = 0;

    const watcher = await portal(['runs', 'show', runId!, '--wait', '--json']);
    expect(watcher.code, watcher.stderr).toBe(0);
    expect(json<{ status: string; hasKpis: boolean }>(watcher)).toMatchObject({
      status: 'Completed',
      hasKpis: true,
    });
    const events = json<{ events: Array<{ kind: string; toStatus: string | null }> }>(
      await portal(['runs', 'events', runId!, '--json']),
    ).events;
    const to = events.filter((e) => e.kind === 'status_changed').map((e) => e.toStatus);
    expect(new Set(to).size).toBe(to.length);
    expect(to.at(-1)).toBe('Completed');
    expect(events.filter((e) => e.kind === 'lock_released')).toHaveLength(1);

    const results = json<{ runId: string; source: string }>(await portal(['results', 'show', '--json']));
    expect(results).toMatchObject({ runId, source: 'onelake' });
  }, 300_000);

  it('uploads, lists and inspects workbooks; --json parses', async () => {
    const local = join(dataDir, 'broken.xlsx');
    writeFileSync(local, 'not a zip');
    const up = await portal(['files', 'upload', local, '--as', 'broken.xlsx', '--json']);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(json<{ path: string; size: number }>(up)).toMatchObject({
      path: 'Files/import/broken.xlsx',
      size: 9,
    });
    const list = json<{ files: Array<{ name: string }> }>(await portal(['files', 'list', '--json']));
    expect(list.files.map((f) => f.name)).toEqual(['broken.xlsx', SAMPLE]);
    const bad = await portal(['runs', 'start', '--input', 'broken.xlsx', '--json']);
    expect(bad.code).toBe(1);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('INPUT_INVALID');
    const ins = await portal(['inspect', SAMPLE, '--rows', '3', '--json']);
    expect(ins.code).toBe(0);
    const r = json<{ rows: unknown[]; missingRequired: string[] }>(ins);
    expect(r.rows).toHaveLength(3);
    expect(r.missingRequired).toEqual([]);
  }, 120_000);

  it('lists runs with filters, restores a completed run and force-releases the lock with a reason', async () => {
    const list = json<{ runs: Array<{ runId: string; status: string }>; total: number }>(
      await portal(['runs', 'list', '--status', 'Completed', '--json']),
    );
    expect(list.total).toBeGreaterThanOrEqual(1);
    const completed = list.runs[0]!.runId;
    const cancelled = json<{ total: number }>(
      await portal(['runs', 'list', '--status', 'Cancelled', '--json']),
    );
    expect(cancelled.total).toBe(1);
    expect((await portal(['runs', 'list', '--status', 'Done'])).code).toBe(2);

    const restored = await portal(['restore', completed, '--reason', 'cli test', '--json']);
    expect(restored.code, restored.stdout + restored.stderr).toBe(0);
    expect(json<{ runId: string; files: string[] }>(restored)).toMatchObject({ runId: completed });
    const current = json<{ runId: string; source: string }>(await portal(['results', 'show', '--json']));
    expect(current).toMatchObject({ runId: completed, source: 'onelake' });

    const free = await portal(['lock', 'release', '--reason', 'nothing to release', '--json']);
    expect(free.code).toBe(0);
    expect(json<{ released: boolean }>(free).released).toBe(false);
  }, 120_000);

  it('reads its settings from an old portal secrets.toml with --secrets-toml', async () => {
    const keys = [
      'FABRIC_TENANT_ID',
      'FABRIC_CLIENT_ID',
      'FABRIC_CLIENT_SECRET',
      'FABRIC_WORKSPACE_ID',
      'FABRIC_PIPELINE_ID',
      'FABRIC_LAKEHOUSE_ID',
      'OWNER_UPN',
      'OWNER_OBJECT_ID',
      'FABRIC_AUTHORITY_URL',
      'FABRIC_API_URL',
      'ONELAKE_URL',
      'FABRIC_CA_CERT',
    ] as const;
    const p = tdb.profile;
    const toml =
      keys.map((k) => `${k} = ${JSON.stringify(env[k])}`).join('\n') +
      `\n[postgres]\nhost = "${p.host}"\nport = ${p.port}\ndatabase = "${p.database}"\nuser = "${p.user}"\npassword = ${JSON.stringify(p.password)}\nsslmode = "disable"\n`;
    const file = join(dataDir, 'secrets.toml');
    writeFileSync(file, toml);
    const bare = { PATH: process.env.PATH, HOME: dataDir, PORTAL_DATA_DIR: dataDir };
    const child = spawn(process.execPath, [BIN, 'lock', 'show', '--json', '--secrets-toml', file], {
      env: bare,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('close', r));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ held: false });
    const missing = await portal(['lock', 'show', '--secrets-toml', join(dataDir, 'nope.toml')]);
    expect(missing.code).toBe(4);
  }, 120_000);
});
