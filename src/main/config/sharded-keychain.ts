import type { Logger } from '../log/logger';
import type { KeychainBackend } from './os-keychain';
import {
  DEFAULT_MAX_ENTRY_CHARS,
  MAX_SHARDS,
  MIN_MAX_ENTRY_CHARS,
  formatHeader,
  needsShards,
  parseStoredEntry,
  sha256Hex,
  shardAccount,
  splitValue,
} from './shard-format';

export interface ShardedKeychainOptions {
  /** the longest value one entry holds; longer values go into pieces (tests lower it) */
  maxEntryChars?: number;
  logger: Logger;
}

/**
 * A keychain in which a secret of any length is kept whole (src/main/config/shard-format.ts has the layout).
 * A value within the limit is stored exactly as before, so existing entries keep working.
 *
 * Crash safety: pieces are written before the header and removed before it, so an interrupted save leaves
 * either the old plain value intact or a header whose pieces no longer hash to it. A reader therefore gets
 * the old value, the new value, or "not stored" (logged; the analyst signs in again), never a mix.
 * Operations on one account are queued so overlapping saves (MSAL accesses overlap) cannot interleave.
 */
export class ShardedKeychain implements KeychainBackend {
  readonly description: string;
  readonly maxEntryChars: number;
  private readonly queue = new AccountQueue();

  constructor(
    /** the keychain itself, for an entry that is never split (the probe's short throwaway) */
    readonly inner: KeychainBackend,
    private readonly opts: ShardedKeychainOptions,
  ) {
    this.description = inner.description;
    this.maxEntryChars = opts.maxEntryChars ?? DEFAULT_MAX_ENTRY_CHARS;
    if (!Number.isInteger(this.maxEntryChars) || this.maxEntryChars < MIN_MAX_ENTRY_CHARS) {
      throw new RangeError(
        `maxEntryChars must be a whole number of at least ${MIN_MAX_ENTRY_CHARS} (got ${opts.maxEntryChars}): a shard header has to fit in one entry.`,
      );
    }
  }

  /** The longest secret the format can hold. */
  get maxValueChars(): number {
    return this.maxEntryChars * MAX_SHARDS;
  }

  get(account: string, signal: AbortSignal): Promise<string | null> {
    return this.queue.run(account, signal, () => this.read(account, signal));
  }

  set(account: string, value: string, signal: AbortSignal): Promise<void> {
    return this.queue.run(account, signal, () => this.write(account, value, signal));
  }

  delete(account: string, signal: AbortSignal): Promise<boolean> {
    return this.queue.run(account, signal, () => this.remove(account, signal));
  }

  private async read(account: string, signal: AbortSignal): Promise<string | null> {
    const stored = await this.inner.get(account, signal);
    if (stored === null) return null;
    const entry = parseStoredEntry(stored);
    if (entry.kind === 'plain') return entry.value;
    if (entry.kind === 'malformed') return this.notStored(account, entry.reason);
    const { count, sha256 } = entry.header;
    const pieces: string[] = [];
    for (let i = 1; i <= count; i++) {
      signal.throwIfAborted();
      const piece = await this.inner.get(shardAccount(account, i), signal);
      if (piece === null) return this.notStored(account, `piece ${i} of ${count} is missing`);
      pieces.push(piece);
    }
    const value = pieces.join('');
    if (sha256Hex(value) !== sha256) {
      return this.notStored(
        account,
        `its ${count} pieces do not match the checksum in its header (a save was interrupted, or the entries were edited)`,
      );
    }
    return value;
  }

  private async write(account: string, value: string, signal: AbortSignal): Promise<void> {
    if (value.length > this.maxValueChars) {
      throw new Error(
        `a secret of ${value.length} characters is longer than the keychain can hold (${this.maxValueChars})`,
      );
    }
    const before = await this.shardCount(account, signal);
    let count = 0;
    if (needsShards(value, this.maxEntryChars)) {
      const pieces = splitValue(value, this.maxEntryChars);
      for (const [i, piece] of pieces.entries()) {
        signal.throwIfAborted();
        await this.inner.set(shardAccount(account, i + 1), piece, signal);
      }
      count = pieces.length;
      signal.throwIfAborted();
      await this.inner.set(account, formatHeader({ count, sha256: sha256Hex(value) }), signal);
    } else {
      await this.inner.set(account, value, signal);
    }
    await this.removeShards(account, count, before, signal);
  }

  private async remove(account: string, signal: AbortSignal): Promise<boolean> {
    // Pieces first: an interrupted clear leaves a header without pieces ("not stored"), never orphaned
    // pieces of a refresh token that nothing points at any more.
    await this.removeShards(account, 0, await this.shardCount(account, signal), signal);
    return this.inner.delete(account, signal);
  }

  /** How many pieces the primary entry says it has (0 for a plain, malformed or missing entry). */
  private async shardCount(account: string, signal: AbortSignal): Promise<number> {
    const stored = await this.inner.get(account, signal);
    const entry = stored === null ? null : parseStoredEntry(stored);
    return entry?.kind === 'sharded' ? entry.header.count : 0;
  }

  /**
   * Deletes pieces after `keep`: the previous value's (from its count, highest first, so an interrupted
   * cleanup leaves a contiguous run), then any left by an earlier interrupted save, found by deleting
   * upwards until one is absent.
   */
  private async removeShards(account: string, keep: number, before: number, signal: AbortSignal) {
    for (let i = before; i > keep; i--) {
      signal.throwIfAborted();
      await this.inner.delete(shardAccount(account, i), signal);
    }
    for (let i = Math.max(before, keep) + 1; i <= MAX_SHARDS; i++) {
      signal.throwIfAborted();
      if (!(await this.inner.delete(shardAccount(account, i), signal))) break;
    }
  }

  private notStored(account: string, reason: string): null {
    this.opts.logger.warn(
      `The keychain entry ${account} is treated as not stored because ${reason}. It is replaced at the next save (for a sign-in: sign in again).`,
      { scope: 'secrets', account },
    );
    return null;
  }
}

/** Runs operations on one account one after another; different accounts run side by side. */
class AccountQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(account: string, signal: AbortSignal, op: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(account) ?? Promise.resolve();
    const result = previous.then(() => {
      // A caller that gave up while waiting its turn must not write afterwards.
      signal.throwIfAborted();
      return op();
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(account, tail);
    void tail.then(() => {
      if (this.tails.get(account) === tail) this.tails.delete(account);
    });
    return result;
  }
}
