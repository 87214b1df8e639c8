import { randomUUID } from 'node:crypto';
import { copyFile, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/contract/errors';
import {
  DEMO_PROFILE_ID,
  FabricProfileFieldsSchema,
  FabricProfileSchema,
  type DemoProfile,
  type FabricProfile,
  type FabricProfileFieldsInput,
  type Profile,
  type ProfilesList,
  type ProfilesNotice,
} from '../../shared/contract/settings';
import type { Logger } from '../log/logger';
import { writeFileAtomic } from './atomic-file';
import { describeIssues, validationError } from './validation-error';

export const PROFILES_FILE = 'profiles.json';

export const DEMO_PROFILE: DemoProfile = { id: DEMO_PROFILE_ID, kind: 'demo', name: 'Demo' };

// The file envelope. Profiles are checked one by one afterwards, so one bad entry does not cost the others.
const ProfilesFileSchema = z.object({
  version: z.literal(1),
  activeProfileId: z.string(),
  profiles: z.array(z.unknown()),
});

export interface ProfileStoreOptions {
  /** the app's data folder; the store owns <dataDir>/profiles.json */
  dataDir: string;
  logger: Logger;
  clock?: () => Date;
  newId?: () => string;
}

/**
 * Non-secret connection settings. The built-in Demo profile is not stored (it cannot change); the Fabric
 * profiles and the active id are, in profiles.json. Secrets never go here (see secret-store.ts).
 */
export class ProfileStore {
  private profiles: FabricProfile[] = [];
  private activeId: string = DEMO_PROFILE_ID;
  private readonly notices: ProfilesNotice[] = [];
  private readonly listeners = new Set<(list: ProfilesList) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: () => Date;
  private readonly newId: () => string;

  private constructor(private readonly opts: ProfileStoreOptions) {
    this.clock = opts.clock ?? (() => new Date());
    this.newId = opts.newId ?? randomUUID;
  }

  static async open(opts: ProfileStoreOptions): Promise<ProfileStore> {
    const store = new ProfileStore(opts);
    await store.load();
    return store;
  }

  get filePath(): string {
    return join(this.opts.dataDir, PROFILES_FILE);
  }

  list(): ProfilesList {
    return {
      profiles: [DEMO_PROFILE, ...this.profiles],
      activeProfileId: this.activeId,
      notices: [...this.notices],
    };
  }

  get(id: string): Profile {
    if (id === DEMO_PROFILE_ID) return DEMO_PROFILE;
    const found = this.profiles.find((p) => p.id === id);
    if (!found)
      throw new AppError('NOT_FOUND', `There is no profile with id "${id}".`, 'Reload the profile list.');
    return found;
  }

  active(): Profile {
    return this.get(this.activeId);
  }

  /** Creates a Fabric profile (no id) or replaces the fields of an existing one. */
  save(fields: FabricProfileFieldsInput, id?: string): Promise<FabricProfile> {
    return this.serial(async () => {
      const parsed = FabricProfileFieldsSchema.safeParse(fields);
      if (!parsed.success) throw validationError('The profile was not saved', parsed.error);
      if (id === DEMO_PROFILE_ID) {
        throw new AppError(
          'VALIDATION',
          'The Demo profile is built in and cannot be edited.',
          'Create a new profile instead.',
        );
      }
      if (id !== undefined) this.get(id);
      const name = parsed.data.name;
      const clash = [DEMO_PROFILE, ...this.profiles].find(
        (p) => p.id !== id && p.name.toLocaleLowerCase() === name.toLocaleLowerCase(),
      );
      if (clash) {
        throw new AppError(
          'CONFLICT',
          `A profile named "${clash.name}" already exists.`,
          'Choose another name.',
        );
      }
      const profile: FabricProfile = {
        ...parsed.data,
        id: id ?? this.newId(),
        kind: 'fabric',
        updatedAt: this.clock().toISOString(),
      };
      const next =
        id === undefined
          ? [...this.profiles, profile]
          : this.profiles.map((p) => (p.id === id ? profile : p));
      await this.persist(next, this.activeId);
      return profile;
    });
  }

  delete(id: string): Promise<void> {
    return this.serial(async () => {
      if (id === DEMO_PROFILE_ID) {
        throw new AppError('VALIDATION', 'The Demo profile is built in and cannot be deleted.');
      }
      this.get(id);
      const next = this.profiles.filter((p) => p.id !== id);
      await this.persist(next, this.activeId === id ? DEMO_PROFILE_ID : this.activeId);
    });
  }

  activate(id: string): Promise<Profile> {
    return this.serial(async () => {
      const profile = this.get(id);
      if (this.activeId !== id) await this.persist(this.profiles, id);
      return profile;
    });
  }

  /** Called with the new list after every change; returns the unsubscribe function. */
  onChange(listener: (list: ProfilesList) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async persist(profiles: FabricProfile[], activeId: string): Promise<void> {
    const file = { version: 1 as const, activeProfileId: activeId, profiles };
    await writeFileAtomic(this.filePath, JSON.stringify(file, null, 2) + '\n');
    this.profiles = profiles;
    this.activeId = activeId;
    const list = this.list();
    for (const l of this.listeners) {
      try {
        l(list);
      } catch (e) {
        this.opts.logger.error('profiles.changed listener failed', { err: e });
      }
    }
  }

  private async load(): Promise<void> {
    let raw: string;
    try {
      raw = await readFile(this.filePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new AppError(
        'INTERNAL',
        `Cannot read the profiles file ${this.filePath}: ${(e as Error).message}`,
        'Check that the file and its folder are readable by you.',
        { cause: e },
      );
    }

    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      await this.keepAside('move', `it is not valid JSON (${(e as Error).message})`);
      return;
    }
    const envelope = ProfilesFileSchema.safeParse(json);
    if (!envelope.success) {
      await this.keepAside('move', `its layout is not recognised (${describeIssues(envelope.error)})`);
      return;
    }

    const seen = new Set<string>([DEMO_PROFILE_ID]);
    const dropped: string[] = [];
    for (const [i, entry] of envelope.data.profiles.entries()) {
      const parsed = FabricProfileSchema.safeParse(entry);
      const label = profileLabel(entry, i);
      if (!parsed.success) dropped.push(`${label}: ${describeIssues(parsed.error)}`);
      else if (seen.has(parsed.data.id)) dropped.push(`${label}: duplicate id ${parsed.data.id}`);
      else {
        seen.add(parsed.data.id);
        this.profiles.push(parsed.data);
      }
    }
    if (dropped.length > 0) {
      // The file stays where it is until the next save rewrites it; the copy keeps the dropped entries.
      await this.keepAside('copy', `these profiles were not loaded: ${dropped.join(' | ')}`);
    }

    const active = envelope.data.activeProfileId;
    if (seen.has(active)) this.activeId = active;
    else
      this.addNotice({
        message: `The active profile "${active}" no longer exists; the Demo profile is active.`,
      });
  }

  private async keepAside(how: 'move' | 'copy', why: string): Promise<void> {
    const keptAs = `${this.filePath}.corrupt-${this.clock().toISOString().replace(/[:.]/g, '-')}`;
    if (how === 'move') await rename(this.filePath, keptAs);
    else await copyFile(this.filePath, keptAs);
    this.addNotice({
      message: `The profiles file could not be used completely because ${why}. The original was kept as ${keptAs}; fix it there or re-enter the profiles.`,
      keptAs,
    });
  }

  private addNotice(notice: ProfilesNotice): void {
    this.notices.push(notice);
    this.opts.logger.warn(notice.message, { scope: 'config' });
  }
}

function profileLabel(entry: unknown, index: number): string {
  const e = entry as { name?: unknown; id?: unknown } | null;
  if (e && typeof e.name === 'string') return `"${e.name.slice(0, 80)}"`;
  if (e && typeof e.id === 'string') return `id ${e.id.slice(0, 80)}`;
  return `entry ${index + 1}`;
}
