import { randomBytes, randomUUID } from 'node:crypto';
import { PublicClientApplication, TokenCacheContext } from '@azure/msal-node';
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainTokenCaches } from '../../../src/main/auth/keychain-cache-plugin';
import { loadOsKeychain } from '../../../src/main/config/os-keychain';
import { KEYCHAIN_SERVICE, SecretStore } from '../../../src/main/config/secret-store';
import { DEFAULT_MAX_ENTRY_CHARS } from '../../../src/main/config/shard-format';
import { silentLogger } from '../../../src/main/log/logger';
import { Redactor } from '../../../src/main/log/redact';
import type { KeychainStatus } from '../../../src/shared/contract/settings';

// Secrets longer than one Windows credential (a sign-in cache) split over several entries of the REAL OS
// keychain, with the default per-entry limit. On Linux run under scripts/with-keyring.sh, e.g.
// scripts/with-keyring.sh npx vitest run --project integration tests/integration/config/keychain-shards.test.ts

const NO_KEYCHAIN =
  'No OS keychain is reachable. Run this test under scripts/with-keyring.sh (needs dbus and gnome-keyring: apt-get install dbus gnome-keyring), e.g. scripts/with-keyring.sh npx vitest run --project integration tests/integration/config/keychain-shards.test.ts';

const backend = await loadOsKeychain(KEYCHAIN_SERVICE).catch((e: unknown) => e as Error);
const openStore = () =>
  SecretStore.open({ backend, redactor: new Redactor(), logger: silentLogger, timeoutMs: 10_000 });
const startStatus: KeychainStatus = (await openStore()).status();
const reachable = startStatus.storage === 'keychain';

const profiles: string[] = [];
const newProfile = (): string => {
  const id = `kc-shards-${randomBytes(8).toString('hex')}`;
  profiles.push(id);
  return id;
};
afterAll(async () => {
  if (!reachable) return;
  const store = await openStore();
  for (const id of profiles) await store.clearProfile(id).catch(() => undefined);
});

const rawEntry = (account: string) =>
  new AsyncEntry(
    KEYCHAIN_SERVICE,
    account,
    process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined,
  );

/** The keychain's own list of this secret's entries (primary and pieces), found by search, not by name. */
async function entriesOf(account: string): Promise<Map<string, string>> {
  const all = await findCredentialsAsync(KEYCHAIN_SERVICE);
  const mine = all.filter((c) => c.account === account || c.account.startsWith(`${account}#`));
  return new Map(mine.map((c) => [c.account, c.password]));
}

const requireKeychain = (): void => {
  if (!reachable) throw new Error(`${NO_KEYCHAIN}\nProbe said: ${startStatus.message}`);
};

/** A serialized MSAL cache shaped like a real sign-in's: account, id token, access and refresh tokens. */
function signInCache(clientId: string, username: string): string {
  const oid = randomUUID();
  const tid = randomUUID();
  const home = `${oid}.${tid}`;
  const env = 'login.microsoftonline.com';
  const jwtish = (n: number) => randomBytes(n).toString('base64url');
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  // MSAL decodes the id token's claims when it lists accounts, so this one is a well-formed (unsigned) JWT.
  const idToken = [
    b64({ typ: 'JWT', alg: 'RS256', kid: jwtish(20) }),
    b64({
      aud: clientId,
      iss: `https://login.microsoftonline.com/${tid}/v2.0`,
      oid,
      tid,
      sub: jwtish(32),
      name: 'Ana Analyst',
      preferred_username: username,
      iat: 1764200000,
      exp: 1764203600,
      uti: jwtish(500),
    }),
    jwtish(256),
  ].join('.');
  return JSON.stringify({
    Account: {
      [`${home}-${env}-${tid}`]: {
        home_account_id: home,
        environment: env,
        realm: tid,
        local_account_id: oid,
        username,
        authority_type: 'MSSTS',
        name: 'Ana Analyst',
        client_info: Buffer.from(JSON.stringify({ uid: oid, utid: tid })).toString('base64url'),
      },
    },
    IdToken: {
      [`${home}-${env}-idtoken-${clientId}-${tid}---`]: {
        home_account_id: home,
        environment: env,
        credential_type: 'IdToken',
        client_id: clientId,
        realm: tid,
        secret: idToken,
      },
    },
    AccessToken: {
      [`${home}-${env}-accesstoken-${clientId}-${tid}-https://api.fabric.microsoft.com/.default--`]: {
        home_account_id: home,
        environment: env,
        credential_type: 'AccessToken',
        client_id: clientId,
        realm: tid,
        target: 'https://api.fabric.microsoft.com/.default',
        cached_at: '1764200000',
        expires_on: '1764203600',
        extended_expires_on: '1764207200',
        token_type: 'Bearer',
        secret: `${jwtish(60)}.${jwtish(2400)}.${jwtish(256)}`,
      },
    },
    RefreshToken: {
      [`${home}-${env}-refreshtoken-${clientId}----`]: {
        home_account_id: home,
        environment: env,
        credential_type: 'RefreshToken',
        client_id: clientId,
        secret: jwtish(1300),
      },
    },
    AppMetadata: {},
  });
}

if (!reachable && process.env.CI !== 'true') {
  console.warn(`[keychain-shards.test] skipped: ${NO_KEYCHAIN}\nProbe said: ${startStatus.message}`);
  it.skip(`needs a keychain: ${NO_KEYCHAIN}`, () => undefined);
}

// Under CI=true these run even without a keychain, so each one fails with the reason instead of skipping.
describe.runIf(reachable || process.env.CI === 'true')('long secrets on the real OS keychain', () => {
  it('an 8 KB value round-trips as separate keychain items, shrinks and clears without leftovers', async () => {
    requireKeychain();
    const profileId = newProfile();
    const account = `${profileId}:PG_PASSWORD`;
    const value = randomBytes(6 * 1024).toString('base64'); // 8192 characters
    const store = await openStore();
    expect(await store.set(profileId, 'PG_PASSWORD', value)).toBe('keychain');

    const n = Math.ceil(value.length / DEFAULT_MAX_ENTRY_CHARS);
    const items = await entriesOf(account);
    expect([...items.keys()].sort()).toEqual(
      [account, ...Array.from({ length: n }, (_, i) => `${account}#${i + 1}`)].sort(),
    );
    expect(items.get(account)).toMatch(new RegExp(`^fdp-shards:v1:${n}:[0-9a-f]{64}$`));
    for (const v of items.values()) expect(v.length).toBeLessThanOrEqual(DEFAULT_MAX_ENTRY_CHARS);
    expect(Array.from({ length: n }, (_, i) => items.get(`${account}#${i + 1}`)).join('')).toBe(value);

    // A restart reads it whole.
    expect(await (await openStore()).get(profileId, 'PG_PASSWORD')).toBe(value);

    // Shorter: two pieces, and the other five are gone from the keychain.
    const shorter = value.slice(0, 2000);
    await store.set(profileId, 'PG_PASSWORD', shorter);
    expect([...(await entriesOf(account)).keys()].sort()).toEqual([account, `${account}#1`, `${account}#2`]);
    expect(await (await openStore()).get(profileId, 'PG_PASSWORD')).toBe(shorter);

    // A piece changed behind the app's back reads as not stored; the keychain stays in use.
    await rawEntry(`${account}#2`).setPassword('tampered');
    const other = await openStore();
    expect(await other.get(profileId, 'PG_PASSWORD')).toBeNull();
    expect(other.status().storage).toBe('keychain');

    // Characters outside the BMP straddling every piece boundary come back intact (no piece ends in half a
    // surrogate pair, which the library would turn into U+FFFD).
    const emoji = `${'a'.repeat(DEFAULT_MAX_ENTRY_CHARS - 1)}${'😀é'.repeat(1000)}`;
    await other.set(profileId, 'PG_PASSWORD', emoji);
    expect(await (await openStore()).get(profileId, 'PG_PASSWORD')).toBe(emoji);

    await other.clear(profileId, 'PG_PASSWORD');
    expect((await entriesOf(account)).size).toBe(0);
  });

  it('a sign-in cache saved through KeychainTokenCaches is there for MSAL after a restart', async () => {
    requireKeychain();
    const profileId = newProfile();
    const clientId = randomUUID();
    const username = `ana-${randomBytes(4).toString('hex')}@contoso.example`;
    const serialized = signInCache(clientId, username);
    expect(serialized.length).toBeGreaterThan(4 * DEFAULT_MAX_ENTRY_CHARS);

    const msalApp = (plugin: ReturnType<KeychainTokenCaches['pluginFor']>) =>
      new PublicClientApplication({
        auth: { clientId, authority: 'https://login.microsoftonline.com/organizations' },
        cache: { cachePlugin: plugin },
      });

    // Session 1: MSAL's cache access that stores a sign-in (before hook, the token response lands in the
    // in-memory cache, after hook with "changed").
    const plugin = new KeychainTokenCaches(await openStore(), silentLogger).pluginFor(profileId);
    const cache = msalApp(plugin).getTokenCache();
    const access = new TokenCacheContext(cache, true);
    await plugin.beforeCacheAccess(access);
    cache.deserialize(serialized);
    await plugin.afterCacheAccess(access);
    expect((await entriesOf(`${profileId}:MSAL_TOKEN_CACHE`)).size).toBeGreaterThan(4);

    // Session 2: a new secret store, new caches, a new MSAL app over the same keychain.
    const second = new KeychainTokenCaches(await openStore(), silentLogger);
    const restarted = msalApp(second.pluginFor(profileId)).getTokenCache();
    const accounts = await restarted.getAllAccounts();
    expect(accounts.map((a) => a.username)).toEqual([username]);
    const refresh = Object.values(
      (JSON.parse(restarted.serialize()) as { RefreshToken: Record<string, { secret: string }> })
        .RefreshToken,
    );
    const original = Object.values(
      (JSON.parse(serialized) as { RefreshToken: Record<string, { secret: string }> }).RefreshToken,
    );
    expect(refresh.map((r) => r.secret)).toEqual(original.map((r) => r.secret));

    // Sign-out removes the header and every piece.
    await second.forget(profileId);
    expect((await entriesOf(`${profileId}:MSAL_TOKEN_CACHE`)).size).toBe(0);
  });
});
