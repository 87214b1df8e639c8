import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AsyncEntry } from '@napi-rs/keyring';
import { afterAll, describe, expect, it } from 'vitest';
import { createConfigServices } from '../../../src/main/config';
import { loadOsKeychain } from '../../../src/main/config/os-keychain';
import { KEYCHAIN_SERVICE, SecretStore } from '../../../src/main/config/secret-store';
import { createLogger, silentLogger } from '../../../src/main/log/logger';
import { Redactor } from '../../../src/main/log/redact';
import type { FabricProfileFieldsInput, KeychainStatus } from '../../../src/shared/contract/settings';

// Real OS keychain. On Linux run under scripts/with-keyring.sh (npm test does), which provides a private
// D-Bus session with an unlocked gnome-keyring.

const NO_KEYCHAIN =
  'No OS keychain is reachable. Run this test under scripts/with-keyring.sh (needs dbus and gnome-keyring: apt-get install dbus gnome-keyring), e.g. scripts/with-keyring.sh npx vitest run --project integration tests/integration/config';

const G = (n: number) => `${String(n).repeat(8)}-1111-2222-3333-444444444444`;
const fields = (name: string): FabricProfileFieldsInput => ({
  name,
  tenantId: G(1),
  clientId: G(2),
  workspaceId: G(3),
  pipelineId: G(4),
  lakehouseId: G(5),
  postgres: { host: 'db.example.com', database: 'portal', user: 'app' },
});
const unique = (label: string) => `${label}-${randomBytes(8).toString('hex')}`;

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'portal-keychain-'));
  dirs.push(d);
  return d;
};

/** Every file under dir, read as text, so a test can show a value is in none of them. */
function allFiles(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, text: readFileSync(path, 'latin1') };
    });
}

const rawEntry = (account: string) =>
  new AsyncEntry(
    KEYCHAIN_SERVICE,
    account,
    process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined,
  );

const backend = await loadOsKeychain(KEYCHAIN_SERVICE).catch((e: unknown) => e as Error);
const openStore = (redactor = new Redactor()) =>
  SecretStore.open({ backend, redactor, logger: silentLogger, timeoutMs: 5_000 });
const startStatus: KeychainStatus = (await openStore()).status();
const reachable = startStatus.storage === 'keychain';

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup) await fn().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('keychain availability', () => {
  if (reachable) {
    it('the probe found the OS keychain', () => {
      expect(startStatus.message).toMatch(/Secrets are stored in the/);
    });
  } else if (process.env.CI === 'true') {
    it('a keychain is reachable', () => {
      throw new Error(`${NO_KEYCHAIN}\nProbe said: ${startStatus.message}`);
    });
  } else {
    console.warn(`[keychain.test] skipped: ${NO_KEYCHAIN}\nProbe said: ${startStatus.message}`);
    it.skip(`needs a keychain: ${NO_KEYCHAIN}`, () => undefined);
  }
});

// Under CI=true these run even without a keychain, so each one fails with the reason instead of skipping.
const requireKeychain = (): void => {
  if (!reachable) throw new Error(NO_KEYCHAIN);
};

describe.runIf(reachable || process.env.CI === 'true')('secret store on the real OS keychain', () => {
  it('writes to the keychain, reads back in a new store, and deletes', async () => {
    requireKeychain();
    const profileId = unique('kc-test');
    const secret = unique('client-secret');
    const a = await openStore();
    cleanup.push(() => a.clearProfile(profileId));

    expect(await a.set(profileId, 'FABRIC_CLIENT_SECRET', secret)).toBe('keychain');
    // Straight from the keychain, not through the store: the entry is really there, under the documented names.
    expect(await rawEntry(`${profileId}:FABRIC_CLIENT_SECRET`).getPassword()).toBe(secret);

    const b = await openStore();
    expect(await b.get(profileId, 'FABRIC_CLIENT_SECRET')).toBe(secret);
    expect(await b.statusFor(profileId)).toEqual([
      { name: 'FABRIC_CLIENT_SECRET', isSet: true, storage: 'keychain' },
      { name: 'PG_PASSWORD', isSet: false, storage: 'keychain' },
    ]);

    await b.clear(profileId, 'FABRIC_CLIENT_SECRET');
    expect(await rawEntry(`${profileId}:FABRIC_CLIENT_SECRET`).getPassword()).toBeNull();
    expect(await a.get(profileId, 'FABRIC_CLIENT_SECRET')).toBeNull();
  });

  it('the probe leaves no entry behind', async () => {
    requireKeychain();
    const store = await openStore();
    expect((await store.probe()).storage).toBe('keychain');
    const { findCredentialsAsync } = await import('@napi-rs/keyring');
    const left = await findCredentialsAsync(KEYCHAIN_SERVICE);
    expect(left.filter((c) => c.account.startsWith('__probe__'))).toEqual([]);
  });

  it('keeps every secret out of the files under the data folder', async () => {
    requireKeychain();
    const dataDir = tempDir();
    const redactor = new Redactor();
    const logger = createLogger({ dataDir, redactor, level: 'debug' });
    const config = await createConfigServices({ dataDir, logger, redactor });
    const clientSecret = unique('cs');
    const pgPassword = unique('pg');
    const tomlSecret = unique('toml');

    const { profile } = await config.settings.saveProfile({
      profile: fields(unique('Files')),
      secrets: { FABRIC_CLIENT_SECRET: clientSecret, PG_PASSWORD: pgPassword },
    });
    cleanup.push(() => config.secrets.clearProfile(profile.id));
    const imported = config.settings.importSecretsToml(
      `[postgres]\nhost = "h"\npassword = "${tomlSecret}"\n`,
    );
    const second = await config.settings.saveProfile({
      profile: fields(unique('Imported')),
      importId: imported.importId,
    });
    cleanup.push(() => config.secrets.clearProfile(second.profile.id));
    await config.settings.activateProfile(profile.id);

    // The app logs what it does, including (by mistake) secret values; the log must still not hold them.
    logger.error(`connect failed: password=${pgPassword} secret ${clientSecret}`, {
      tomlSecret,
      again: pgPassword,
    });
    logger.close();

    const files = allFiles(dataDir);
    expect(files.map((f) => f.path.slice(dataDir.length + 1)).sort()).toEqual([
      'logs/portal.log',
      'profiles.json',
    ]);
    expect(files.find((f) => f.path.endsWith('portal.log'))!.text).toContain('connect failed');
    expect(files.find((f) => f.path.endsWith('profiles.json'))!.text).toContain(profile.id);
    for (const { path, text } of files) {
      for (const secret of [clientSecret, pgPassword, tomlSecret]) {
        expect(text.includes(secret), `${secret} found in ${path}`).toBe(false);
      }
    }
    expect(await rawEntry(`${second.profile.id}:PG_PASSWORD`).getPassword()).toBe(tomlSecret);
  });
});

describe.runIf(process.platform === 'linux')('without a reachable keychain', () => {
  it('reports session storage, keeps secrets in memory and writes none to disk', async () => {
    const dataDir = tempDir();
    const secret = unique('session-secret');
    const fixture = join(import.meta.dirname, 'support', 'session-fallback.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture, dataDir], {
      env: {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/portal-test-bus',
        FIXTURE_SECRET: secret,
      },
      timeout: 30_000,
    });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      status: KeychainStatus;
      secrets: unknown;
      readBackMatches: boolean;
    };
    expect(out.status.storage).toBe('session');
    expect(out.status.message).toMatch(/not available/);
    expect(out.status.message).toMatch(/for this session only/);
    expect(out.secrets).toEqual([
      { name: 'FABRIC_CLIENT_SECRET', isSet: false, storage: 'session' },
      { name: 'PG_PASSWORD', isSet: true, storage: 'session' },
    ]);
    expect(out.readBackMatches).toBe(true);

    const files = allFiles(dataDir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const { path, text } of files) expect(text.includes(secret), `secret found in ${path}`).toBe(false);
    expect(readFileSync(join(dataDir, 'logs', 'portal.log'), 'utf8')).toMatch(/for this session only/);
  });
});
