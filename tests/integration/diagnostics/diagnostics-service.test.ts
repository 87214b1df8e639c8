import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator';
import type { Db } from '../../../src/main/db/db';
import { openDatabase } from '../../../src/main/db/open-database';
import { DiagnosticsService } from '../../../src/main/diagnostics';
import { createFabricClients, type FabricClients } from '../../../src/main/fabric';
import { RunLockRepo } from '../../../src/main/runs/lock-repo';
import type { DiagnosticCheckId, DiagnosticsReport } from '../../../src/shared/contract/diagnostics';
import {
  DEMO_PROFILE_ID,
  FabricProfileFieldsSchema,
  type FabricProfile,
  type Profile,
  type UserSecretName,
} from '../../../src/shared/contract/settings';
import { createTestDatabase, type TestDatabase } from '../../support/pg';
import { emulatorProfile } from '../fabric/emulator-profile';

// The diagnostics service against real parts: the emulator over HTTPS with MSAL and the DataLake client,
// PGlite for the Demo profile and the test PostgreSQL server for Fabric profiles.

let dir: string;
let emu: Emulator;
let pglite: Db;
let fabric: FabricClients;
let pgTest: TestDatabase;
let caPath: string;
const secrets = new Map<string, string>();
const profiles = new Map<string, Profile>();

const demo: Profile = { id: DEMO_PROFILE_ID, kind: 'demo', name: 'Demo' };

function service(active: Profile = demo): DiagnosticsService {
  return new DiagnosticsService({
    appVersion: '9.9.9-test',
    platform: 'linux',
    profile: (id) => {
      const p = id === DEMO_PROFILE_ID ? demo : profiles.get(id);
      if (!p) throw new Error(`no profile ${id}`);
      return p;
    },
    activeProfile: () => active,
    secret: async (profileId: string, name: UserSecretName) => secrets.get(`${profileId}/${name}`) ?? null,
    secretsStatus: async (profileId) =>
      (['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const).map((name) => ({
        name,
        isSet: secrets.has(`${profileId}/${name}`),
        storage: 'session' as const,
      })),
    demo: async () => ({ fabric, db: pglite }),
    logPath: join(dir, 'portal.log'),
    redact: (t) => t.replaceAll(emu.env.FABRIC_CLIENT_SECRET, '[redacted]'),
  });
}

/** A Fabric profile aimed at the emulator and the test database, with its secrets in the fake store. */
function fabricProfile(
  id: string,
  opts: { clientSecret?: string; pgPort?: number; pgPassword?: string } = {},
): FabricProfile {
  const e = emu.env;
  const pg = pgTest.profile;
  const fields = FabricProfileFieldsSchema.parse({
    name: `Emulated ${id}`,
    tenantId: e.FABRIC_TENANT_ID,
    clientId: e.FABRIC_CLIENT_ID,
    workspaceId: e.FABRIC_WORKSPACE_ID,
    pipelineId: e.FABRIC_PIPELINE_ID,
    lakehouseId: e.FABRIC_LAKEHOUSE_ID,
    endpoints: {
      authorityUrl: e.FABRIC_AUTHORITY_URL,
      fabricApiUrl: e.FABRIC_API_URL,
      onelakeUrl: e.ONELAKE_URL,
      caCertPath: caPath,
    },
    postgres: {
      host: pg.host,
      port: opts.pgPort ?? pg.port,
      database: pg.database,
      user: pg.user,
      sslMode: 'disable',
    },
  });
  const profile: FabricProfile = { ...fields, id, kind: 'fabric', updatedAt: new Date().toISOString() };
  profiles.set(id, profile);
  if (opts.clientSecret !== undefined) secrets.set(`${id}/FABRIC_CLIENT_SECRET`, opts.clientSecret);
  secrets.set(`${id}/PG_PASSWORD`, opts.pgPassword ?? pg.password);
  return profile;
}

const byId = (r: DiagnosticsReport, id: DiagnosticCheckId) => {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`check ${id} missing`);
  return c;
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diagnostics-test-'));
  [emu, { db: pglite }, pgTest] = await Promise.all([
    startEmulator({ lakehouseDir: join(dir, 'lakehouse'), seedSample: true }),
    openDatabase({ kind: 'pglite', dataDir: join(dir, 'pgdata') }),
    createTestDatabase(),
  ]);
  fabric = createFabricClients(emulatorProfile(emu));
  caPath = join(dir, 'emulator-ca.pem');
  await writeFile(caPath, emu.caCertPem);
  await writeFile(
    join(dir, 'portal.log'),
    [
      JSON.stringify({ time: '2026-01-01T00:00:00.000Z', level: 'info', msg: 'App composed' }),
      JSON.stringify({
        time: '2026-01-01T00:00:01.000Z',
        level: 'error',
        msg: 'Trigger failed',
        error: 'HTTP 500',
      }),
      'not json',
    ].join('\n') + '\n',
  );
}, 120_000);

afterAll(async () => {
  fabric?.close();
  await pglite?.close();
  await emu?.stop();
  await pgTest?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('diagnostics.run (Demo profile: emulator + PGlite)', () => {
  it('passes every check on a healthy demo and writes a report without secrets', async () => {
    const r = await service().run();
    expect(r.checks.map((c) => c.id)).toEqual([
      'token',
      'trigger',
      'database',
      'schema',
      'lock',
      'importFiles',
    ]);
    for (const c of r.checks) expect({ id: c.id, status: c.status }).toEqual({ id: c.id, status: 'ok' });
    expect(byId(r, 'database').message).toMatch(/PGlite/);
    expect(byId(r, 'importFiles').message).toContain('sales_orders_fact.xlsx');
    expect(r.report).toContain('Version:  9.9.9-test');
    expect(r.report).toContain('[OK  ] Token acquisition');
    expect(r.report).toContain('ERROR Trigger failed — HTTP 500');
    expect(r.report).not.toContain('App composed');
    expect(r.report).not.toContain(emu.env.FABRIC_CLIENT_SECRET);
  });

  it('finds a lock whose lease lapsed and offers a force release; after it the lock is free', async () => {
    const lock = new RunLockRepo(pglite, { identity: { actor: 'test', host: 'test' } });
    const got = await lock.acquire({
      holderId: randomUUID(),
      holderLabel: 'anna@LAPTOP-7',
      runId: null,
      leaseSec: 1,
    });
    expect('token' in got).toBe(true);
    await new Promise((r) => setTimeout(r, 1_600));
    const stuck = byId(await service().run(), 'lock');
    expect(stuck.status).toBe('warning');
    expect(stuck.action).toBe('forceRelease');
    expect(stuck.message).toMatch(/anna@LAPTOP-7.*lease lapsed/);
    await lock.forceRelease({ reason: 'test: holder gone', actor: 'test' });
    const free = byId(await service().run(), 'lock');
    expect(free).toMatchObject({ status: 'ok', message: 'The run lock is free.' });
    expect(free.action).toBeUndefined();
  });

  it('finds a lock held for a run the database does not know', async () => {
    const lock = new RunLockRepo(pglite, { identity: { actor: 'test', host: 'test' } });
    const runId = '00000000-0000-4000-8000-00000000dead';
    const got = await lock.acquire({ holderId: randomUUID(), holderLabel: 'ben@PC-2', runId, leaseSec: 600 });
    expect('token' in got).toBe(true);
    try {
      const c = byId(await service().run(), 'lock');
      expect(c).toMatchObject({ status: 'error', action: 'forceRelease' });
      expect(c.message).toContain(runId);
    } finally {
      await lock.forceRelease({ reason: 'test cleanup', actor: 'test' });
    }
  });

  it('warns when Files/import holds no workbook', async () => {
    await fabric.onelake.delete('Files/import', { recursive: true });
    const r = await service().run();
    const c = byId(r, 'importFiles');
    expect(c.status).toBe('warning');
    expect(c.message).toMatch(/No workbooks found in Files\/import/);
    expect(c.hint).toMatch(/Import page/);
    expect(r.report).toContain('[WARN] Import files');
    expect(byId(r, 'token').status).toBe('ok');
  });
});

describe('profiles.testConnection (Fabric profile: emulator + PostgreSQL)', () => {
  it('tests every part in parallel; an unmigrated database fails only the schema part', async () => {
    fabricProfile('good', { clientSecret: emu.env.FABRIC_CLIENT_SECRET });
    const t = await service().testConnection('good');
    const status = Object.fromEntries(t.results.map((r) => [r.part, r.status]));
    expect(status).toEqual({
      token: 'ok',
      pipeline: 'ok',
      lakehouse: expect.stringMatching(/ok|warning/),
      database: 'ok',
      schema: 'error',
    });
    expect(t.results.find((r) => r.part === 'schema')?.message).toMatch(/no portal schema/);
    for (const r of t.results) expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports the schema as up to date once migrated, and runs only the parts asked for', async () => {
    const { db } = await openDatabase({ kind: 'pg', profile: pgTest.profile });
    await db.close();
    const t = await service().testConnection('good', ['schema', 'database']);
    expect(t.results.map((r) => r.part)).toEqual(['database', 'schema']);
    expect(t.results[1]).toMatchObject({ status: 'ok', message: expect.stringMatching(/up to date/) });
  });

  it('a wrong client secret fails the Fabric parts with the AADSTS sentence, not the database', async () => {
    fabricProfile('bad-secret', { clientSecret: 'not-the-secret' });
    const t = await service().testConnection('bad-secret');
    const token = t.results.find((r) => r.part === 'token');
    expect(token?.status).toBe('error');
    expect(token?.message).toMatch(/AADSTS7000215/);
    expect(token?.hint).toBeTruthy();
    expect(t.results.find((r) => r.part === 'pipeline')?.status).toBe('error');
    expect(t.results.find((r) => r.part === 'database')?.status).toBe('ok');
  });

  it('a database that is down fails the database parts with a clear sentence; Fabric still passes', async () => {
    fabricProfile('db-down', { clientSecret: emu.env.FABRIC_CLIENT_SECRET, pgPort: await closedPort() });
    const t = await service().testConnection('db-down');
    const db = t.results.find((r) => r.part === 'database');
    expect(db?.status).toBe('error');
    expect(db?.message).toMatch(/PostgreSQL|database/i);
    expect(db?.hint).toBeTruthy();
    expect(t.results.find((r) => r.part === 'token')?.status).toBe('ok');
  });

  it('a profile without a client secret says so on the Fabric parts', async () => {
    fabricProfile('no-secret');
    const t = await service().testConnection('no-secret', ['token']);
    expect(t.results).toEqual([
      expect.objectContaining({
        part: 'token',
        status: 'error',
        message: expect.stringMatching(/has no client secret/),
      }),
    ]);
  });

  it('diagnostics.run on an active Fabric profile with the database down fails database, schema and lock', async () => {
    const r = await service(profiles.get('db-down')).run();
    expect(byId(r, 'token').status).toBe('ok');
    for (const id of ['database', 'schema', 'lock'] as const) expect(byId(r, id).status).toBe('error');
    expect(r.report).toContain('PG_PASSWORD set (session)');
    expect(r.report).not.toContain(pgTest.profile.password);
  });
});
