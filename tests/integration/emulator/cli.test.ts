import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsRequest } from './support/https-request';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const KEYS = [
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
  'LAKEHOUSE_DIR',
];

interface Started {
  env: Record<string, string>;
  stderr: () => string;
  exit: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

const spawned: number[] = [];

/**
 * Spawns `npx tsx src/emulator/cli.ts ...` and resolves with its first stdout line, parsed. npm exec
 * does not forward SIGTERM to its child, so `kill` signals the emulator's own process (its pid is on
 * stderr); its exit code then travels back up through tsx and npm.
 */
function startCli(args: string[], deadlineMs = 45_000): Promise<Started> {
  const child = spawn('npx', ['tsx', 'src/emulator/cli.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so a failed test can clean up the whole tree
  });
  if (child.pid) spawned.push(child.pid);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const until = Date.now() + 10_000;
    let pid: string | undefined;
    while (!(pid = /Fabric emulator \(pid (\d+)\)/.exec(stderr)?.[1])) {
      if (Date.now() > until) throw new Error(`emulator pid never appeared on stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(Number(pid), signal);
  };
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`no first line within ${deadlineMs} ms; stderr: ${stderr}`));
    }, deadlineMs);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolveStart({
          env: JSON.parse(line) as Record<string, string>,
          stderr: () => stderr,
          exit,
          kill,
        });
      } catch (err) {
        reject(new Error(`first line is not JSON: ${line} (${String(err)})`));
      }
    });
    void exit.then((code) => reject(new Error(`exited ${code} before printing; stderr: ${stderr}`)));
  });
}

// Each test spawns npx + tsx (seconds each on a loaded 2-core machine), hence the generous timeout.
describe('standalone emulator CLI (npm run emulator)', { timeout: 150_000 }, () => {
  let lakehouse: string;

  beforeAll(async () => {
    lakehouse = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
  });
  afterAll(async () => {
    for (const pid of spawned) {
      try {
        process.kill(-pid, 'SIGKILL'); // only if a test left its emulator running
      } catch {
        // already gone
      }
    }
    await rm(lakehouse, { recursive: true, force: true });
  });

  it('prints exactly the 13 settings as its first stdout line, serves HTTPS, stops with exit 0 on SIGTERM', async () => {
    const cli = await startCli(['--port', '0', '--lakehouse', lakehouse, '--speed', '5', '--dedupe']);
    expect(Object.keys(cli.env).sort()).toEqual([...KEYS].sort());
    expect(cli.env.LAKEHOUSE_DIR).toBe(lakehouse);
    expect(cli.env.FABRIC_API_URL).toBe(`${cli.env.FABRIC_AUTHORITY_URL}/v1`);
    expect(cli.env.ONELAKE_URL).toBe(`${cli.env.FABRIC_AUTHORITY_URL}/onelake`);
    const ca = readFileSync(cli.env.FABRIC_CA_CERT ?? '', 'utf8');
    expect(ca).toContain('BEGIN CERTIFICATE');
    const meta = await httpsRequest(
      `${cli.env.FABRIC_AUTHORITY_URL}/${cli.env.FABRIC_TENANT_ID}/v2.0/.well-known/openid-configuration`,
      { ca },
    );
    expect(meta.status).toBe(200);
    // The admin token sits in a 0600 file next to the certificate, for tests in other processes.
    const adminToken = readFileSync(join(dirname(cli.env.FABRIC_CA_CERT ?? ''), 'admin-token'), 'utf8');
    const admin = await httpsRequest(`${cli.env.FABRIC_AUTHORITY_URL}/_emulator/requests`, {
      ca,
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    expect(admin.json()).toMatchObject({ count: 1 });
    expect(existsSync(join(lakehouse, 'Files', 'import'))).toBe(true);

    await cli.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(existsSync(cli.env.FABRIC_CA_CERT ?? '')).toBe(false); // its state dir is removed
    expect(existsSync(lakehouse)).toBe(true); // a lakehouse the user chose is kept
  });

  it('seeds Files/import only when empty (or warns on stderr when the sample is missing)', async () => {
    const sample = join(repoRoot, 'resources', 'sample', 'sales_orders_fact.xlsx');
    const dir = await mkdtemp(join(tmpdir(), 'emulator-cli-seed-'));
    try {
      await mkdir(join(dir, 'Files', 'import'), { recursive: true });
      await writeFile(join(dir, 'Files', 'import', 'mine.xlsx'), 'x');
      const kept = await startCli(['--lakehouse', dir]);
      await kept.kill('SIGINT');
      expect(await kept.exit).toBe(0);
      expect(await readdir(join(dir, 'Files', 'import'))).toEqual(['mine.xlsx']);

      const empty = await mkdtemp(join(tmpdir(), 'emulator-cli-empty-'));
      const cli = await startCli(['--lakehouse', empty]);
      await cli.kill('SIGTERM');
      expect(await cli.exit).toBe(0);
      if (existsSync(sample)) {
        expect(await readdir(join(empty, 'Files', 'import'))).toEqual(['sales_orders_fact.xlsx']);
      } else {
        expect(cli.stderr()).toMatch(/warning: sample workbook .* not found/);
        expect(await readdir(join(empty, 'Files', 'import'))).toEqual([]);
      }
      await rm(empty, { recursive: true, force: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with usage on an unknown flag, printing nothing on stdout', async () => {
    const err = await startCli(['--bogus'], 30_000).catch((e: unknown) => e);
    expect(String(err)).toMatch(/exited 2 .*unknown option --bogus/s);
  });
});
