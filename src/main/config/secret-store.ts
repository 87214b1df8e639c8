import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/contract/errors';
import {
  USER_SECRET_NAMES,
  type KeychainStatus,
  type SecretStatus,
  type SecretStorage,
  type UserSecretName,
} from '../../shared/contract/settings';
import type { Logger } from '../log/logger';
import type { Redactor } from '../log/redact';
import { keychainDescription, type KeychainBackend } from './os-keychain';
import { ShardedKeychain } from './sharded-keychain';

export const KEYCHAIN_SERVICE = 'fabric-data-portal';

/** User secrets plus the MSAL token cache, which is stored the same way but never shown in the UI. */
export type SecretName = UserSecretName | 'MSAL_TOKEN_CACHE';

export const secretAccount = (profileId: string, name: SecretName): string => `${profileId}:${name}`;

export interface SecretStoreOptions {
  /** the OS keychain, or the reason it could not even be loaded */
  backend: KeychainBackend | Error;
  redactor: Redactor;
  logger: Logger;
  /** a keychain call slower than this counts as unavailable (a locked keyring may wait on a prompt) */
  timeoutMs?: number;
  /**
   * The longest value kept in one keychain entry; longer ones are split over several entries
   * (src/main/config/sharded-keychain.ts). Defaults to what fits one Windows credential; tests lower it.
   */
  maxEntryChars?: number;
  clock?: () => Date;
  platform?: NodeJS.Platform;
}

const PROBE_ACCOUNT_PREFIX = '__probe__';

/**
 * Secrets of every profile, in the OS keychain when one answers and in this process's memory otherwise.
 * Never in a file: when the keychain is missing or stops answering, the store says so in its status and
 * keeps what it is given for the session only. Every value it reads or writes is registered with the
 * redactor, so it cannot appear in the log. A secret of any length (a sign-in cache is 4–10 KB) is kept whole,
 * the same way on every platform, even where one entry holds only 2560 bytes (Windows).
 */
export class SecretStore {
  private readonly session = new Map<string, string>();
  private readonly listeners = new Set<(status: KeychainStatus) => void>();
  private current: KeychainStatus;
  private readonly timeoutMs: number;
  private readonly clock: () => Date;
  private readonly platform: NodeJS.Platform;
  private readonly backend: ShardedKeychain | Error;

  private constructor(private readonly opts: SecretStoreOptions) {
    this.backend =
      opts.backend instanceof Error
        ? opts.backend
        : new ShardedKeychain(opts.backend, { maxEntryChars: opts.maxEntryChars, logger: opts.logger });
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.clock = opts.clock ?? (() => new Date());
    this.platform = opts.platform ?? process.platform;
    this.current = this.sessionStatus('The keychain has not been checked yet.');
  }

  /** Creates the store and probes the keychain once. */
  static async open(opts: SecretStoreOptions): Promise<SecretStore> {
    const store = new SecretStore(opts);
    await store.probe();
    return store;
  }

  status(): KeychainStatus {
    return this.current;
  }

  onStatusChange(listener: (status: KeychainStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Writes, reads back and deletes a throwaway entry. On success any secrets held for the session move into
   * the keychain, so a user who unlocks the keyring and presses Recheck loses nothing.
   */
  async probe(): Promise<KeychainStatus> {
    const { backend } = this;
    if (backend instanceof Error) {
      return this.setStatus(
        this.sessionStatus(`The keychain module could not be loaded: ${backend.message}`),
      );
    }
    const account = `${PROBE_ACCOUNT_PREFIX}:${randomBytes(6).toString('hex')}`;
    const value = randomBytes(12).toString('hex');
    // The throwaway is short and named afresh each time: the keychain itself answers for it, without the
    // piece bookkeeping a saved secret gets (which made the probe's 3 keychain calls 7).
    const { inner } = backend;
    try {
      await this.call((s) => inner.set(account, value, s));
      const back = await this.call((s) => inner.get(account, s));
      await this.call((s) => inner.delete(account, s));
      if (back !== value) throw new Error('a value written to the keychain read back differently');
    } catch (e) {
      return this.setStatus(
        this.sessionStatus(`The ${backend.description} is not available: ${errorText(e)}.`),
      );
    }
    this.setStatus({
      storage: 'keychain',
      backend: backend.description,
      message: `Secrets are stored in the ${backend.description}.`,
      checkedAt: this.clock().toISOString(),
    });
    await this.moveSessionSecretsToKeychain(backend);
    return this.current;
  }

  async get(profileId: string, name: SecretName): Promise<string | null> {
    const account = secretAccount(profileId, name);
    const held = this.session.get(account);
    if (held !== undefined) return held;
    const backend = this.keychain();
    if (!backend) return null;
    try {
      const value = await this.call((s) => backend.get(account, s));
      if (value !== null) this.register(name, value);
      return value;
    } catch (e) {
      this.degrade(e);
      return null;
    }
  }

  /** Stores a secret and answers where it went. */
  async set(profileId: string, name: SecretName, value: string): Promise<SecretStorage> {
    if (value === '') {
      throw new AppError(
        'VALIDATION',
        `${name} cannot be empty.`,
        'Clear the secret instead of saving an empty value.',
      );
    }
    if (!(this.backend instanceof Error) && value.length > this.backend.maxValueChars) {
      throw new AppError(
        'VALIDATION',
        `${name} is ${value.length} characters long; the keychain holds at most ${this.backend.maxValueChars}.`,
        'Check that the right value was pasted.',
      );
    }
    const account = secretAccount(profileId, name);
    this.register(name, value);
    const backend = this.keychain();
    if (backend) {
      try {
        await this.call((s) => backend.set(account, value, s));
        this.session.delete(account);
        return 'keychain';
      } catch (e) {
        this.degrade(e);
      }
    }
    this.session.set(account, value);
    return 'session';
  }

  async clear(profileId: string, name: SecretName): Promise<void> {
    const account = secretAccount(profileId, name);
    this.session.delete(account);
    const backend = this.keychain();
    if (!backend) return;
    try {
      await this.call((s) => backend.delete(account, s));
    } catch (e) {
      this.degrade(e);
      throw new AppError(
        'KEYCHAIN_UNAVAILABLE',
        `${name} could not be removed from the ${backend.description}: ${errorText(e)}.`,
        'Unlock the keychain and try again, or remove the entry with your system keychain tool.',
      );
    }
  }

  async clearProfile(profileId: string): Promise<void> {
    for (const name of [...USER_SECRET_NAMES, 'MSAL_TOKEN_CACHE'] as const) await this.clear(profileId, name);
  }

  /** Which user secrets of a profile are set and where; the values never leave main. */
  async statusFor(profileId: string): Promise<SecretStatus[]> {
    const out: SecretStatus[] = [];
    for (const name of USER_SECRET_NAMES) out.push(await this.secretStatus(profileId, name));
    return out;
  }

  async secretStatus(profileId: string, name: UserSecretName): Promise<SecretStatus> {
    const inSession = this.session.has(secretAccount(profileId, name));
    const value = await this.get(profileId, name);
    return { name, isSet: value !== null, storage: inSession || !this.keychain() ? 'session' : 'keychain' };
  }

  private keychain(): KeychainBackend | null {
    const { backend } = this;
    return this.current.storage === 'keychain' && !(backend instanceof Error) ? backend : null;
  }

  private register(name: SecretName, value: string): void {
    // The token cache is a JSON document; the tokens inside it are caught by the JWT rule instead.
    if (name !== 'MSAL_TOKEN_CACHE') this.opts.redactor.addSecret(value);
  }

  private async moveSessionSecretsToKeychain(backend: KeychainBackend): Promise<void> {
    for (const [account, value] of [...this.session]) {
      try {
        await this.call((s) => backend.set(account, value, s));
        this.session.delete(account);
      } catch (e) {
        this.degrade(e);
        return;
      }
    }
  }

  private degrade(e: unknown): void {
    const { backend } = this;
    const what = backend instanceof Error ? 'keychain' : backend.description;
    this.setStatus(this.sessionStatus(`The ${what} stopped answering: ${errorText(e)}.`));
  }

  private sessionStatus(message: string): KeychainStatus {
    return {
      storage: 'session',
      backend: keychainDescription(this.platform),
      message: `${message} Secrets are kept in memory for this session only and must be entered again after a restart.`,
      hint: unavailableHint(this.platform),
      checkedAt: this.clock().toISOString(),
    };
  }

  private setStatus(status: KeychainStatus): KeychainStatus {
    const changed = status.storage !== this.current.storage || status.message !== this.current.message;
    this.current = status;
    if (changed) {
      if (status.storage === 'keychain') this.opts.logger.info(status.message, { scope: 'secrets' });
      else this.opts.logger.warn(status.message, { scope: 'secrets' });
      for (const l of this.listeners) l(status);
    }
    return status;
  }

  private async call<T>(op: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ctl = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ctl.abort();
        reject(
          new Error(
            `no answer within ${this.timeoutMs} ms (the keychain may be locked and waiting for a password)`,
          ),
        );
      }, this.timeoutMs);
    });
    const pending = op(ctl.signal);
    // After a timeout the aborted call may still reject; that late rejection is expected, not unhandled.
    pending.catch(() => undefined);
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

function unavailableHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Unlock the login keychain (Keychain Access) and press Recheck.';
  if (platform === 'win32')
    return 'Check that Windows Credential Manager is running for your account and press Recheck.';
  return 'Start and unlock a Secret Service keyring (GNOME Keyring or KWallet) in your desktop session and press Recheck. On a headless machine run the app under scripts/with-keyring.sh.';
}
