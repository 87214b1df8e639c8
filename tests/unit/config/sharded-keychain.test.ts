import { describe, expect, it } from 'vitest';
import { SecretStore } from '../../../src/main/config/secret-store';
import { ShardedKeychain } from '../../../src/main/config/sharded-keychain';
import { formatHeader, sha256Hex, splitValue } from '../../../src/main/config/shard-format';
import { silentLogger } from '../../../src/main/log/logger';
import { Redactor } from '../../../src/main/log/redact';
import { isAppError } from '../../../src/shared/contract/errors';
import { recordingLogger } from '../ipc/support/recording-logger';
import { MemoryKeychain } from './support/memory-keychain';

// The shard layout over an in-memory keychain with a small per-entry limit; on the real keychain in
// tests/integration/config/keychain-shards.test.ts.

const LIMIT = 100;
const ACCOUNT = 'p1:MSAL_TOKEN_CACHE';

/** A keychain whose writes start failing after a number of them, as if the app died mid-save. */
class CrashingKeychain extends MemoryKeychain {
  writesLeft = Infinity;
  override async set(account: string, value: string, signal: AbortSignal): Promise<void> {
    if (this.writesLeft-- <= 0) throw new Error('the process died here');
    await super.set(account, value, signal);
  }
}

async function open(kc = new MemoryKeychain()) {
  const logger = recordingLogger();
  const store = await SecretStore.open({
    backend: kc,
    redactor: new Redactor(),
    logger,
    timeoutMs: 500,
    platform: 'linux',
    maxEntryChars: LIMIT,
  });
  return { kc, store, logger };
}

/** A value of n characters that differs per seed, so two values never share a piece by accident. */
const text = (n: number, seed = 'v'): string => {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `${seed}${i.toString(36)}.`;
  return s.slice(0, n);
};

const keys = (kc: MemoryKeychain) => [...kc.entries.keys()].sort();
const warnings = (logger: ReturnType<typeof recordingLogger>) =>
  logger.entries.filter((e) => e.level === 'warn').map((e) => e.message);

describe('secrets longer than one keychain entry', () => {
  it('stores a long value as pieces under <account>#i with a header, and reads it back whole', async () => {
    const { kc, store } = await open();
    const value = text(8 * 1024);
    expect(await store.set('p1', 'MSAL_TOKEN_CACHE', value)).toBe('keychain');
    const n = Math.ceil(value.length / LIMIT);
    expect(keys(kc)).toEqual([ACCOUNT, ...Array.from({ length: n }, (_, i) => `${ACCOUNT}#${i + 1}`)].sort());
    expect(kc.entries.get(ACCOUNT)).toBe(`fdp-shards:v1:${n}:${sha256Hex(value)}`);
    for (const v of kc.entries.values()) expect(v.length).toBeLessThanOrEqual(LIMIT);
    expect(await store.get('p1', 'MSAL_TOKEN_CACHE')).toBe(value);
    // A restart: a new store over the same keychain.
    expect(await (await open(kc)).store.get('p1', 'MSAL_TOKEN_CACHE')).toBe(value);
  });

  it('keeps a value exactly at the limit in one plain entry, as before; one more character shards it', async () => {
    const { kc, store } = await open();
    const atLimit = text(LIMIT);
    await store.set('p1', 'PG_PASSWORD', atLimit);
    expect([...kc.entries]).toEqual([['p1:PG_PASSWORD', atLimit]]);
    const over = text(LIMIT + 1);
    await store.set('p1', 'PG_PASSWORD', over);
    expect(keys(kc)).toEqual(['p1:PG_PASSWORD', 'p1:PG_PASSWORD#1', 'p1:PG_PASSWORD#2']);
    expect(kc.entries.get('p1:PG_PASSWORD#2')).toBe(over.slice(LIMIT));
    expect(await store.get('p1', 'PG_PASSWORD')).toBe(over);
  });

  it('reads a plain entry written before sharding existed', async () => {
    const kc = new MemoryKeychain();
    kc.entries.set(ACCOUNT, '{"Account":{"a":{}}}');
    const { store } = await open(kc);
    expect(await store.get('p1', 'MSAL_TOKEN_CACHE')).toBe('{"Account":{"a":{}}}');
  });

  it('growing and shrinking a value leaves no pieces of the previous one', async () => {
    const { kc, store } = await open();
    await store.set('p1', 'MSAL_TOKEN_CACHE', text(350, 'a'));
    expect(keys(kc)).toHaveLength(1 + 4);
    const longer = text(720, 'b');
    await store.set('p1', 'MSAL_TOKEN_CACHE', longer);
    expect(keys(kc)).toHaveLength(1 + 8);
    expect(await store.get('p1', 'MSAL_TOKEN_CACHE')).toBe(longer);
    const shorter = text(150, 'c');
    await store.set('p1', 'MSAL_TOKEN_CACHE', shorter);
    expect(keys(kc)).toEqual([ACCOUNT, `${ACCOUNT}#1`, `${ACCOUNT}#2`]);
    expect(await store.get('p1', 'MSAL_TOKEN_CACHE')).toBe(shorter);
    await store.set('p1', 'MSAL_TOKEN_CACHE', 'short again');
    expect([...kc.entries]).toEqual([[ACCOUNT, 'short again']]);
  });

  it('clear removes the header and every piece, and only that secret', async () => {
    const { kc, store } = await open();
    await store.set('p1', 'MSAL_TOKEN_CACHE', text(1000));
    await store.set('p1', 'PG_PASSWORD', text(250));
    await store.clear('p1', 'MSAL_TOKEN_CACHE');
    expect(keys(kc)).toEqual(['p1:PG_PASSWORD', 'p1:PG_PASSWORD#1', 'p1:PG_PASSWORD#2', 'p1:PG_PASSWORD#3']);
    await store.clearProfile('p1');
    expect(kc.entries.size).toBe(0);
  });

  it('a tampered, missing or mixed-up piece reads as "not stored" with a logged reason, and the next save repairs it', async () => {
    const { kc, store, logger } = await open();
    const value = text(450);
    await store.set('p1', 'MSAL_TOKEN_CACHE', value);

    kc.entries.set(`${ACCOUNT}#3`, 'x'.repeat(LIMIT));
    expect(await store.get('p1', 'MSAL_TOKEN_CACHE')).toBeNull();
    expect(warnings(logger).at(-1)).toMatch(
      /p1:MSAL_TOKEN_CACHE is treated as not stored because its 5 pieces do not match the checksum/,
    );

    kc.entries.delete(`${ACCOUNT}#3`);
    expect(await store.get('p1', 'MSAL_TOKEN_CACHE')).toBeNull();
    expect(warnings(logger).at(-1)).toMatch(/because piece 3 of 5 is missing/);

    kc.entries.set(ACCOUNT, 'fdp-shards:v1:five:abc');
    expect(await store.get('p1', 'MSAL_TOKEN_CACHE')).toBeNull();
    expect(warnings(logger).at(-1)).toMatch(/its header is not a valid fdp-shards:v1 header/);

    // None of this is the keychain failing: the store keeps using it.
    expect(store.status().storage).toBe('keychain');
    const next = text(260, 'n');
    await store.set('p1', 'MSAL_TOKEN_CACHE', next);
    expect(await store.get('p1', 'MSAL_TOKEN_CACHE')).toBe(next);
    // The malformed header gave no count: the old value's #4 and #5 were found by deleting upwards.
    expect(keys(kc)).toEqual([ACCOUNT, `${ACCOUNT}#1`, `${ACCOUNT}#2`, `${ACCOUNT}#3`]);
  });

  it('a value that looks like a header round-trips (it is always sharded)', async () => {
    const { kc, store } = await open();
    const lookalikes = [
      'fdp-shards:v1:',
      formatHeader({ count: 2, sha256: sha256Hex('something else') }),
      'fdp-shards:v1:garbage',
    ];
    for (const value of lookalikes) {
      await store.set('p1', 'PG_PASSWORD', value);
      expect(kc.entries.get('p1:PG_PASSWORD')).toBe(`fdp-shards:v1:1:${sha256Hex(value)}`);
      expect(kc.entries.get('p1:PG_PASSWORD#1')).toBe(value);
      expect(await store.get('p1', 'PG_PASSWORD')).toBe(value);
    }
  });

  it('never splits a surrogate pair across two pieces', async () => {
    const { store } = await open();
    const value = `${'a'.repeat(LIMIT - 1)}😀${'b'.repeat(LIMIT - 1)}😀😀`;
    const pieces = splitValue(value, LIMIT);
    expect(pieces[0]).toBe('a'.repeat(LIMIT - 1));
    expect(pieces.join('')).toBe(value);
    for (const p of pieces) {
      expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(p), `a piece cut in a surrogate pair: ${p}`).toBe(
        false,
      );
    }
    await store.set('p1', 'PG_PASSWORD', value);
    expect(await store.get('p1', 'PG_PASSWORD')).toBe(value);
  });

  it('a save interrupted part-way never yields a mix of two values', async () => {
    const kc = new CrashingKeychain();
    const { store } = await open(kc);
    const old = text(500, 'o');
    await store.set('p1', 'MSAL_TOKEN_CACHE', old);

    // Dies after two of the new value's six pieces: the old header no longer matches its pieces.
    kc.writesLeft = 2;
    await store.set('p1', 'MSAL_TOKEN_CACHE', text(600, 'n'));
    kc.writesLeft = Infinity;
    const fresh = await open(kc);
    expect(await fresh.store.get('p1', 'MSAL_TOKEN_CACHE')).toBeNull();
    expect(warnings(fresh.logger).join('\n')).toMatch(/do not match the checksum/);

    // From a plain value, an interrupted save leaves the plain value as it was.
    await fresh.store.set('p1', 'PG_PASSWORD', 'plain-old');
    kc.writesLeft = 1;
    await fresh.store.set('p1', 'PG_PASSWORD', text(300, 'x'));
    kc.writesLeft = Infinity;
    const again = await open(kc);
    expect(await again.store.get('p1', 'PG_PASSWORD')).toBe('plain-old');
    // ...and the orphaned piece it wrote is removed by the next save.
    expect(kc.entries.has('p1:PG_PASSWORD#1')).toBe(true);
    await again.store.set('p1', 'PG_PASSWORD', 'plain-new');
    expect(keys(kc).filter((k) => k.startsWith('p1:PG_PASSWORD'))).toEqual(['p1:PG_PASSWORD']);
  });

  it('overlapping saves of one secret do not interleave their pieces', async () => {
    const { kc, store } = await open();
    const values = ['a', 'b', 'c', 'd'].map((seed, i) => text(300 + 170 * i, seed));
    await Promise.all(values.map((v) => store.set('p1', 'MSAL_TOKEN_CACHE', v)));
    expect(await store.get('p1', 'MSAL_TOKEN_CACHE')).toBe(values.at(-1));
    expect(keys(kc)).toHaveLength(1 + Math.ceil(values.at(-1)!.length / LIMIT));
  });

  it('refuses a limit too small for a header and a value longer than the format holds', async () => {
    expect(
      () => new ShardedKeychain(new MemoryKeychain(), { maxEntryChars: 20, logger: silentLogger }),
    ).toThrow(/maxEntryChars must be a whole number of at least 100 \(got 20\)/);
    const { kc, store } = await open();
    const err = await store.set('p1', 'PG_PASSWORD', 'x'.repeat(LIMIT * 1000 + 1)).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('VALIDATION');
    expect(isAppError(err) && err.message).toMatch(
      /100001 characters long; the keychain holds at most 100000/,
    );
    expect(kc.entries.size).toBe(0);
    expect(store.status().storage).toBe('keychain');
  });
});
