import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/contract/errors';
import type { FabricProfileFieldsInput } from '../../../src/shared/contract/settings';
import { createConfigServices, draftToProfileFields } from '../../../src/main/config';
import { SettingsService } from '../../../src/main/config/settings-service';
import { silentLogger } from '../../../src/main/log/logger';
import { Redactor } from '../../../src/main/log/redact';
import { MemoryKeychain } from './support/memory-keychain';

const G = (n: number) => `${String(n).repeat(8)}-1111-2222-3333-444444444444`;
const TOML = `
[fabric]
tenant_id = "${G(1)}"
client_id = "${G(2)}"
client_secret = "toml-client-secret"
workspace_id = "${G(3)}"
pipeline_id = "${G(4)}"
lakehouse_id = "${G(5)}"
[postgres]
host = "db"
database = "portal"
user = "app"
password = "toml-pg-password"
`;

const fields = (): FabricProfileFieldsInput => ({
  name: 'P',
  tenantId: G(1),
  clientId: G(2),
  workspaceId: G(3),
  pipelineId: G(4),
  lakehouseId: G(5),
  postgres: { host: 'db', database: 'd', user: 'u' },
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(now = () => Date.now()) {
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-settings-'));
  dirs.push(dataDir);
  const keychain = new MemoryKeychain();
  const redactor = new Redactor();
  const config = await createConfigServices({ dataDir, logger: silentLogger, redactor, keychain });
  const settings = new SettingsService({
    ...config,
    redactor,
    logger: silentLogger,
    now,
    importTtlMs: 1_000,
  });
  return { settings, keychain, redactor, config };
}

describe('SettingsService', () => {
  it('imports secrets.toml into a draft that names secrets without their values, and save commits them', async () => {
    const { settings, keychain } = await setup();
    const imported = settings.importSecretsToml(TOML);
    expect(JSON.stringify(imported)).not.toMatch(/toml-client-secret|toml-pg-password/);
    expect(imported.secretsFound).toEqual(['FABRIC_CLIENT_SECRET', 'PG_PASSWORD']);
    expect(imported.warnings).toEqual([]);
    expect(keychain.entries.size).toBe(0);

    const saved = await settings.saveProfile({
      profile: draftToProfileFields({ ...imported.draft, name: 'From TOML' }, 'the test'),
      importId: imported.importId,
    });
    expect(JSON.stringify(saved)).not.toMatch(/toml-client-secret|toml-pg-password/);
    expect(saved.secrets).toEqual([
      { name: 'FABRIC_CLIENT_SECRET', isSet: true, storage: 'keychain' },
      { name: 'PG_PASSWORD', isSet: true, storage: 'keychain' },
    ]);
    expect(keychain.entries.get(`${saved.profile.id}:FABRIC_CLIENT_SECRET`)).toBe('toml-client-secret');
    // The import is used up.
    const again = await settings
      .saveProfile({ profile: { ...fields(), name: 'Other' }, importId: imported.importId })
      .catch((e: unknown) => e);
    expect(isAppError(again) && again.code).toBe('VALIDATION');
  });

  it('refuses an expired import without saving anything', async () => {
    let t = 0;
    const { settings } = await setup(() => t);
    const imported = settings.importSecretsToml(TOML);
    t = 5_000;
    const e = await settings
      .saveProfile({ profile: fields(), importId: imported.importId })
      .catch((err: unknown) => err);
    expect(isAppError(e) && e.message).toMatch(/no longer held/);
    expect(settings.listProfiles().profiles).toHaveLength(1);
  });

  it('registers imported secrets with the redactor at once', async () => {
    const { settings, redactor } = await setup();
    settings.importSecretsToml(TOML);
    expect(redactor.text('x toml-pg-password y')).not.toContain('toml-pg-password');
  });

  it('sets, reports and clears secrets; the Demo profile has none', async () => {
    const { settings } = await setup();
    const { profile } = await settings.saveProfile({
      profile: fields(),
      secrets: { PG_PASSWORD: 'direct-pw' },
    });
    expect(await settings.setSecret(profile.id, 'FABRIC_CLIENT_SECRET', 'cs-direct')).toEqual({
      name: 'FABRIC_CLIENT_SECRET',
      isSet: true,
      storage: 'keychain',
    });
    expect((await settings.clearSecret(profile.id, 'PG_PASSWORD')).isSet).toBe(false);
    const demo = await settings.setSecret('demo', 'PG_PASSWORD', 'x').catch((e: unknown) => e);
    expect(isAppError(demo) && demo.message).toMatch(/Demo profile has no secrets/);
    const missing = await settings.secretsStatus('nope').catch((e: unknown) => e);
    expect(isAppError(missing) && missing.code).toBe('NOT_FOUND');
  });

  it('deletes a profile together with its secrets', async () => {
    const { settings, keychain } = await setup();
    const { profile } = await settings.saveProfile({
      profile: fields(),
      secrets: { PG_PASSWORD: 'direct-pw', FABRIC_CLIENT_SECRET: 'cs' },
    });
    await settings.activateProfile(profile.id);
    expect(await settings.deleteProfile(profile.id)).toEqual({ activeProfileId: 'demo' });
    expect(keychain.entries.size).toBe(0);
  });
});
