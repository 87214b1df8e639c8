import { AppError, isAppError } from '../../shared/contract/errors';
import type { Profile } from '../../shared/contract/settings';
import type { Logger } from '../log/logger';
import type { RunBackend } from './backend';

/**
 * Holds the run backend of the active profile: opened in the background at start (so the window shows at
 * once), reopened when the active profile changes, and opened again on the next call after a failure.
 */
export class RunBackendHost {
  private current: { profileKey: string; backend: Promise<RunBackend> } | null = null;
  private closed = false;

  constructor(
    private readonly deps: {
      activeProfile: () => Profile;
      open: (profile: Profile) => Promise<RunBackend>;
      logger: Logger;
    },
  ) {}

  /** The backend for the active profile, opening it if needed. */
  async ready(): Promise<RunBackend> {
    if (this.closed) throw new AppError('INTERNAL', 'The app is shutting down.');
    const profile = this.deps.activeProfile();
    const key = profileKey(profile);
    if (this.current?.profileKey !== key) await this.switchTo(profile, key);
    const entry = this.current!;
    try {
      return await entry.backend;
    } catch (e) {
      // Forget the failed attempt, so the next call tries again (the server may be back).
      if (this.current === entry) this.current = null;
      throw isAppError(e)
        ? e
        : new AppError(
            'INTERNAL',
            `The run services could not start: ${e instanceof Error ? e.message : String(e)}`,
          );
    }
  }

  /** Opens in the background; errors are logged and surface on the next ready(). */
  warmUp(): void {
    this.ready().catch((e: unknown) =>
      this.deps.logger.warn('Run services did not start', {
        error: e instanceof Error ? e.message : String(e),
      }),
    );
  }

  /** The active profile changed (or was edited): close the old backend and open the new one. */
  async profileChanged(): Promise<void> {
    const profile = this.deps.activeProfile();
    if (this.current?.profileKey === profileKey(profile)) return;
    await this.switchTo(profile, profileKey(profile));
    this.warmUp();
  }

  /** The active profile's secrets changed: open its backend again with them (closing the old one). */
  async secretsChanged(): Promise<void> {
    const profile = this.deps.activeProfile();
    await this.switchTo(profile, profileKey(profile));
    this.warmUp();
  }

  async close(): Promise<void> {
    this.closed = true;
    const old = this.current;
    this.current = null;
    await old?.backend.then((b) => b.close()).catch(() => undefined);
  }

  private async switchTo(profile: Profile, key: string): Promise<void> {
    const old = this.current;
    this.current = {
      profileKey: key,
      backend: old ? closeThenOpen(old.backend, () => this.deps.open(profile)) : this.deps.open(profile),
    };
  }
}

async function closeThenOpen(old: Promise<RunBackend>, open: () => Promise<RunBackend>): Promise<RunBackend> {
  await old.then((b) => b.close()).catch(() => undefined);
  return open();
}

function profileKey(p: Profile): string {
  return p.kind === 'demo' ? 'demo' : `${p.id}:${p.updatedAt}`;
}
