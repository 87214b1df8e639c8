import type { KeychainBackend } from '../../../../src/main/config/os-keychain';

/** An in-memory keychain for unit tests of the store's logic; it can be made to fail or hang. */
export class MemoryKeychain implements KeychainBackend {
  readonly description = 'Test Keychain';
  readonly entries = new Map<string, string>();
  failWith: Error | null = null;
  hang = false;

  private async gate(signal: AbortSignal): Promise<void> {
    if (this.hang) {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    if (this.failWith) throw this.failWith;
  }

  async get(account: string, signal: AbortSignal): Promise<string | null> {
    await this.gate(signal);
    return this.entries.get(account) ?? null;
  }

  async set(account: string, value: string, signal: AbortSignal): Promise<void> {
    await this.gate(signal);
    this.entries.set(account, value);
  }

  async delete(account: string, signal: AbortSignal): Promise<boolean> {
    await this.gate(signal);
    return this.entries.delete(account);
  }
}
