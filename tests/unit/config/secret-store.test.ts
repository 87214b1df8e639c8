import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/contract/errors';
import type { KeychainStatus } from '../../../src/shared/contract/settings';
import { SecretStore } from '../../../src/main/config/secret-store';
import { silentLogger } from '../../../src/main/log/logger';
import { REDACTED, Redactor } from '../../../src/main/log/redact';
import { MemoryKeychain } from './support/memory-keychain';

const open = (backend: MemoryKeychain | Error, redactor = new Redactor(), timeoutMs = 200) =>
  SecretStore.open({ backend, redactor, logger: silentLogger, timeoutMs, platform: 'linux' });

describe('SecretStore', () => {
  it('uses the keychain when the probe succeeds and leaves no probe entry behind', async () => {
    const kc = new MemoryKeychain();
    const store = await open(kc);
    expect(store.status()).toMatchObject({ storage: 'keychain', backend: 'Test Keychain' });
    expect(kc.entries.size).toBe(0);
    expect(await store.set('p1', 'PG_PASSWORD', 'pg-pw-1')).toBe('keychain');
    expect(kc.entries.get('p1:PG_PASSWORD')).toBe('pg-pw-1');
    expect(await store.get('p1', 'PG_PASSWORD')).toBe('pg-pw-1');
    expect(await store.statusFor('p1')).toEqual([
      { name: 'FABRIC_CLIENT_SECRET', isSet: false, storage: 'keychain' },
      { name: 'PG_PASSWORD', isSet: true, storage: 'keychain' },
    ]);
    await store.clear('p1', 'PG_PASSWORD');
    expect(kc.entries.size).toBe(0);
  });

  it('falls back to session memory with a message and hint when the probe fails', async () => {
    const kc = new MemoryKeychain();
    kc.failWith = new Error("Couldn't access platform storage: AccessDenied");
    const store = await open(kc);
    const status = store.status();
    expect(status.storage).toBe('session');
    expect(status.message).toMatch(
      /Test Keychain is not available: Couldn't access platform storage: AccessDenied\./,
    );
    expect(status.message).toMatch(/for this session only/);
    expect(status.hint).toMatch(/Secret Service/);
    expect(await store.set('p1', 'FABRIC_CLIENT_SECRET', 'cs-1')).toBe('session');
    expect(await store.get('p1', 'FABRIC_CLIENT_SECRET')).toBe('cs-1');
    expect(await store.secretStatus('p1', 'FABRIC_CLIENT_SECRET')).toEqual({
      name: 'FABRIC_CLIENT_SECRET',
      isSet: true,
      storage: 'session',
    });
    expect(kc.entries.size).toBe(0);
  });

  it('reports a keychain module that failed to load', async () => {
    const store = await open(new Error('Cannot find module keyring.linux-x64-gnu.node'));
    expect(store.status().storage).toBe('session');
    expect(store.status().message).toMatch(/could not be loaded: Cannot find module/);
    expect(await store.set('p', 'PG_PASSWORD', 'abcd')).toBe('session');
  });

  it('treats a keychain that does not answer in time as unavailable', async () => {
    const kc = new MemoryKeychain();
    kc.hang = true;
    const store = await open(kc, new Redactor(), 50);
    expect(store.status().storage).toBe('session');
    expect(store.status().message).toMatch(/no answer within 50 ms/);
  });

  it('keeps a secret in memory when the keychain fails mid-session, then moves it back on recheck', async () => {
    const kc = new MemoryKeychain();
    const store = await open(kc);
    const seen: KeychainStatus[] = [];
    store.onStatusChange((s) => seen.push(s));
    kc.failWith = new Error('The collection is locked');
    expect(await store.set('p1', 'PG_PASSWORD', 'pg-pw-2')).toBe('session');
    expect(store.status().message).toMatch(/stopped answering: The collection is locked/);
    expect(await store.get('p1', 'PG_PASSWORD')).toBe('pg-pw-2');

    kc.failWith = null;
    expect((await store.probe()).storage).toBe('keychain');
    expect(kc.entries.get('p1:PG_PASSWORD')).toBe('pg-pw-2');
    expect(await store.secretStatus('p1', 'PG_PASSWORD')).toEqual({
      name: 'PG_PASSWORD',
      isSet: true,
      storage: 'keychain',
    });
    expect(seen.map((s) => s.storage)).toEqual(['session', 'keychain']);
  });

  it('registers every secret it reads or writes with the redactor, but not the token cache', async () => {
    const kc = new MemoryKeychain();
    kc.entries.set('p1:FABRIC_CLIENT_SECRET', 'stored-before-start');
    const redactor = new Redactor();
    const store = await open(kc, redactor);
    await store.set('p1', 'PG_PASSWORD', 'written-now');
    await store.get('p1', 'FABRIC_CLIENT_SECRET');
    await store.set('p1', 'MSAL_TOKEN_CACHE', '{"AccessToken":{}}');
    expect(redactor.text('a written-now b stored-before-start')).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redactor.text('{"AccessToken":{}}')).toBe('{"AccessToken":{}}');
  });

  it('refuses an empty secret and reports a failed clear', async () => {
    const kc = new MemoryKeychain();
    const store = await open(kc);
    const empty = await store.set('p', 'PG_PASSWORD', '').catch((e: unknown) => e);
    expect(isAppError(empty) && empty.code).toBe('VALIDATION');
    kc.failWith = new Error('locked');
    const cleared = await store.clear('p', 'PG_PASSWORD').catch((e: unknown) => e);
    expect(isAppError(cleared) && cleared.code).toBe('KEYCHAIN_UNAVAILABLE');
  });

  it('clears every secret of a profile', async () => {
    const kc = new MemoryKeychain();
    const store = await open(kc);
    await store.set('p1', 'PG_PASSWORD', 'aaaa');
    await store.set('p1', 'MSAL_TOKEN_CACHE', 'bbbb');
    await store.set('p2', 'PG_PASSWORD', 'cccc');
    await store.clearProfile('p1');
    expect([...kc.entries.keys()]).toEqual(['p2:PG_PASSWORD']);
  });
});
