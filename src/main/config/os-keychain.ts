import type { AsyncEntry as AsyncEntryClass, EntryOptions } from '@napi-rs/keyring';

/** The three keychain operations the secret store needs; an account names one secret of one profile. */
export interface KeychainBackend {
  /** the OS facility, for status messages */
  readonly description: string;
  get(account: string, signal: AbortSignal): Promise<string | null>;
  set(account: string, value: string, signal: AbortSignal): Promise<void>;
  delete(account: string, signal: AbortSignal): Promise<boolean>;
}

export function keychainDescription(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service over D-Bus (GNOME Keyring, KWallet)';
}

/**
 * The OS keychain through @napi-rs/keyring. Its AsyncEntry is used rather than the keytar-style functions
 * because only AsyncEntry takes an abort signal (a locked keyring can wait forever on an unlock prompt) and
 * entry options: on Linux the entry is pinned to the Secret Service, since the kernel keyutils store the
 * library could otherwise pick does not survive a reboot. Loaded lazily so a missing native binary becomes
 * "keychain unavailable" instead of a crash at start.
 */
export async function loadOsKeychain(service: string): Promise<KeychainBackend> {
  const { AsyncEntry } = (await import('@napi-rs/keyring')) as { AsyncEntry: typeof AsyncEntryClass };
  const options: EntryOptions | undefined =
    process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
  // The constructor itself can throw (it connects to D-Bus on Linux), so it runs inside each operation.
  const entry = (account: string) => new AsyncEntry(service, account, options);
  return {
    description: keychainDescription(),
    get: async (account, signal) => entry(account).getPassword(signal),
    set: async (account, value, signal) => entry(account).setPassword(value, signal),
    delete: async (account, signal) => entry(account).deletePassword(signal),
  };
}
