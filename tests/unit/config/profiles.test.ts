import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/contract/errors';
import type { FabricProfileFieldsInput, ProfilesList } from '../../../src/shared/contract/settings';
import { ProfileStore } from '../../../src/main/config/profiles';
import { silentLogger } from '../../../src/main/log/logger';

const G = (n: number) => `${String(n).repeat(8)}-1111-2222-3333-444444444444`;

const fields = (name = 'Production'): FabricProfileFieldsInput => ({
  name,
  tenantId: G(1),
  clientId: G(2),
  workspaceId: G(3),
  pipelineId: G(4),
  lakehouseId: G(5),
  postgres: { host: 'db.contoso.com', port: 5432, database: 'portal', user: 'app' },
});

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'portal-profiles-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let n = 0;
const open = (dataDir: string) =>
  ProfileStore.open({
    dataDir,
    logger: silentLogger,
    newId: () => `p${++n}`,
    clock: () => new Date('2026-03-04T05:06:07.089Z'),
  });

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('ProfileStore', () => {
  it('starts with only the Demo profile active when there is no file', async () => {
    const store = await open(tempDir());
    expect(store.list()).toEqual({
      profiles: [{ id: 'demo', kind: 'demo', name: 'Demo' }],
      activeProfileId: 'demo',
      notices: [],
    });
  });

  it('saves, applies defaults, persists and reloads', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const saved = await store.save(fields());
    expect(saved).toMatchObject({
      kind: 'fabric',
      authMode: 'client-credentials',
      endpoints: {
        authorityUrl: 'https://login.microsoftonline.com',
        fabricApiUrl: 'https://api.fabric.microsoft.com/v1',
      },
      postgres: { sslMode: 'require' },
      updatedAt: '2026-03-04T05:06:07.089Z',
    });
    await store.activate(saved.id);
    const again = await open(dir);
    expect(again.list().profiles.map((p) => p.name)).toEqual(['Demo', 'Production']);
    expect(again.active()).toEqual(saved);
    expect(readdirSync(dir)).toEqual(['profiles.json']);
  });

  it('updates in place and refuses duplicate names and the Demo name', async () => {
    const store = await open(tempDir());
    const a = await store.save(fields('A'));
    await store.save(fields('B'));
    const updated = await store.save({ ...fields('A renamed'), ownerUpn: 'ana@contoso.com' }, a.id);
    expect(updated.id).toBe(a.id);
    expect(store.list().profiles.map((p) => p.name)).toEqual(['Demo', 'A renamed', 'B']);
    const dup = await rejection(store.save(fields('b')));
    expect(isAppError(dup) && dup.code).toBe('CONFLICT');
    expect((await rejection(store.save(fields('demo')))).message).toMatch(/already exists/);
  });

  it('validates fields with messages that name them', async () => {
    const store = await open(tempDir());
    const e = await rejection(
      store.save({
        ...fields(),
        tenantId: 'abc',
        ownerUpn: 'ana',
        endpoints: { fabricApiUrl: 'http://api.example.com' },
        postgres: { host: 'db', port: 70000, database: 'x', user: 'u' },
      }),
    );
    expect(isAppError(e) && e.code).toBe('VALIDATION');
    expect(e.message).toContain('Tenant ID must be a GUID');
    expect(e.message).toContain('Owner UPN must look like user@contoso.com');
    expect(e.message).toContain('Fabric API URL must be an https:// URL');
    expect(e.message).toContain('PostgreSQL port must be between 1 and 65535');
    expect(store.list().profiles).toHaveLength(1);
  });

  it('protects the Demo profile and falls back to it when the active profile is deleted', async () => {
    const store = await open(tempDir());
    expect((await rejection(store.delete('demo'))).message).toMatch(/cannot be deleted/);
    expect((await rejection(store.save(fields(), 'demo'))).message).toMatch(/cannot be edited/);
    const p = await store.save(fields());
    await store.activate(p.id);
    await store.delete(p.id);
    expect(store.list().activeProfileId).toBe('demo');
    expect(isAppError(await rejection(store.activate('nope')))).toBe(true);
  });

  it('tells listeners about every change', async () => {
    const store = await open(tempDir());
    const seen: ProfilesList[] = [];
    const off = store.onChange((l) => seen.push(l));
    const p = await store.save(fields());
    await store.activate(p.id);
    off();
    await store.delete(p.id);
    expect(seen.map((l) => [l.profiles.length, l.activeProfileId])).toEqual([
      [2, 'demo'],
      [2, p.id],
    ]);
  });

  it('keeps a file that is not JSON aside and says so', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'profiles.json'), '{"version": 1, "profiles": [');
    const store = await open(dir);
    const { notices, profiles } = store.list();
    expect(profiles).toHaveLength(1);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/not valid JSON/);
    expect(notices[0]!.keptAs).toBe(join(dir, 'profiles.json.corrupt-2026-03-04T05-06-07-089Z'));
    expect(readFileSync(notices[0]!.keptAs!, 'utf8')).toBe('{"version": 1, "profiles": [');
    // Saving afterwards starts a fresh file and leaves the kept copy alone.
    await store.save(fields());
    expect(readdirSync(dir).sort()).toEqual([
      'profiles.json',
      'profiles.json.corrupt-2026-03-04T05-06-07-089Z',
    ]);
  });

  it('loads the valid profiles of a partly invalid file and keeps a copy of the original', async () => {
    const dir = tempDir();
    const good = {
      ...fields('Good'),
      id: 'g1',
      kind: 'fabric',
      updatedAt: 'x',
      authMode: 'client-credentials',
      endpoints: {},
      postgres: { host: 'h', port: 5432, database: 'd', user: 'u', sslMode: 'require' },
    };
    const bad = { ...good, id: 'b1', name: 'Bad', tenantId: 'zzz' };
    const original = JSON.stringify({ version: 1, activeProfileId: 'b1', profiles: [good, bad] });
    writeFileSync(join(dir, 'profiles.json'), original);
    const store = await open(dir);
    const list = store.list();
    expect(list.profiles.map((p) => p.id)).toEqual(['demo', 'g1']);
    expect(list.activeProfileId).toBe('demo');
    expect(list.notices[0]!.message).toMatch(/"Bad": Tenant ID must be a GUID/);
    expect(list.notices[1]!.message).toMatch(/active profile "b1" no longer exists/);
    expect(readFileSync(list.notices[0]!.keptAs!, 'utf8')).toBe(original);
  });

  it('serialises concurrent saves without losing any', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.save(fields(`P${i}`))));
    expect((await open(dir)).list().profiles).toHaveLength(11);
  });
});

describe('optional fields', () => {
  it('treats empty optional fields from a form as not set', async () => {
    const store = await open(tempDir());
    const saved = await store.save({
      ...fields(),
      ownerUpn: '',
      ownerObjectId: ' ',
      endpoints: { caCertPath: '' },
    });
    expect(saved.ownerUpn).toBeUndefined();
    expect(saved.ownerObjectId).toBeUndefined();
    expect(saved.endpoints.caCertPath).toBeUndefined();
    expect('ownerUpn' in JSON.parse(readFileSync(store.filePath, 'utf8')).profiles[0]).toBe(false);
  });
});
