import { createHash } from 'node:crypto';

/**
 * How a secret too long for one keychain entry is laid out. Windows Credential Manager refuses a blob over
 * CRED_MAX_CREDENTIAL_BLOB_SIZE (2560 bytes) and keyring-rs writes the password as UTF-16, so one entry
 * holds at most 1280 UTF-16 code units; the default stays a little below that.
 */
export const DEFAULT_MAX_ENTRY_CHARS = 1_200;

/** A header plus a few characters of value must fit in one entry, or the format cannot work at all. */
export const MIN_MAX_ENTRY_CHARS = 100;

/** More pieces than this is a corrupt header (or a runaway loop), not a secret: 1000 × 1200 chars is 1.2 MB. */
export const MAX_SHARDS = 1_000;

export const SHARD_HEADER_PREFIX = 'fdp-shards:v1:';

const HEADER_PATTERN = /^fdp-shards:v1:(\d{1,4}):([0-9a-f]{64})$/;

export interface ShardHeader {
  count: number;
  /** of the whole value's UTF-8 bytes: pieces from two different saves can never pass for one value */
  sha256: string;
}

export type StoredEntry =
  | { kind: 'plain'; value: string }
  | { kind: 'sharded'; header: ShardHeader }
  | { kind: 'malformed'; reason: string };

/** The entry holding piece `index` (1-based) of the secret whose primary entry is `account`. */
export const shardAccount = (account: string, index: number): string => `${account}#${index}`;

export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export const formatHeader = (header: ShardHeader): string =>
  `${SHARD_HEADER_PREFIX}${header.count}:${header.sha256}`;

/**
 * Whether a value goes into pieces. A short value that merely looks like a header is sharded too, so that
 * reading the primary entry can never mistake a user's secret for a header (no escaping scheme needed).
 */
export const needsShards = (value: string, maxEntryChars: number): boolean =>
  value.length > maxEntryChars || value.startsWith(SHARD_HEADER_PREFIX);

/** Reads a primary entry: today's plain value, a header, or something that claims to be a header but is not. */
export function parseStoredEntry(stored: string): StoredEntry {
  if (!stored.startsWith(SHARD_HEADER_PREFIX)) return { kind: 'plain', value: stored };
  const m = HEADER_PATTERN.exec(stored);
  const count = m ? Number(m[1]) : NaN;
  if (!m || count < 1 || count > MAX_SHARDS) {
    return { kind: 'malformed', reason: 'its header is not a valid fdp-shards:v1 header' };
  }
  return { kind: 'sharded', header: { count, sha256: m[2]! } };
}

/**
 * Cuts a value into pieces of at most maxEntryChars UTF-16 code units. A surrogate pair (an emoji, say) is
 * never cut in half: a lone surrogate cannot be encoded as the UTF-8 the keychain library takes, and would
 * come back as U+FFFD.
 */
export function splitValue(value: string, maxEntryChars: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < value.length) {
    let end = Math.min(start + maxEntryChars, value.length);
    if (end < value.length && isHighSurrogate(value.charCodeAt(end - 1))) end -= 1;
    pieces.push(value.slice(start, end));
    start = end;
  }
  return pieces;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
