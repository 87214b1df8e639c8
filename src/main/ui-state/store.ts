import { readFile, rename } from 'node:fs/promises';
import { DEFAULT_UI_STATE, type UiState, type UiStatePatch } from '../../shared/contract/ui';
import { applyUiStatePatch } from './apply-patch';
import { writeFileAtomic } from './atomic-write';
import { salvageUiState } from './salvage';

/** The renderer's remembered state (last page, colour scheme, page preferences), kept by main. */
export interface UiStateStore {
  get(): Promise<UiState>;
  update(patch: UiStatePatch): Promise<UiState>;
}

export interface UiStateStoreDeps {
  /** usually `<dataDir>/ui-state.json` */
  filePath: string;
  warn: (message: string) => void;
  now?: () => Date;
}

// Kept in main rather than in localStorage because the preview host serves the renderer from a new
// origin (port) on every launch, and localStorage is per origin.
export function createUiStateStore({
  filePath,
  warn,
  now = () => new Date(),
}: UiStateStoreDeps): UiStateStore {
  let current: Promise<UiState> | undefined;
  // Every change goes through one chain so that concurrent updates apply in order and never interleave
  // their writes.
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<UiState> => {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_UI_STATE;
      warn(`Could not read ${filePath} (${(e as Error).message}); using the default UI state.`);
      return DEFAULT_UI_STATE;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const { state, dropped } =
      raw === undefined
        ? { state: DEFAULT_UI_STATE, dropped: ['the whole file (not valid JSON)'] }
        : salvageUiState(raw);
    if (dropped.length > 0) await keepUnreadableCopy(state, dropped);
    return state;
  };

  // Nothing is lost: the original file is kept beside the new one under a dated name.
  const keepUnreadableCopy = async (state: UiState, dropped: string[]): Promise<void> => {
    const backup = `${filePath}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(filePath, backup);
      await writeFileAtomic(filePath, serialise(state));
      warn(`${filePath}: could not use ${dropped.join(', ')}; the original was kept as ${backup}.`);
    } catch (e) {
      warn(
        `${filePath}: could not use ${dropped.join(', ')} and could not keep a copy (${(e as Error).message}).`,
      );
    }
  };

  const get = (): Promise<UiState> => {
    current ??= load();
    return current;
  };

  const update = (patch: UiStatePatch): Promise<UiState> => {
    const next = queue.then(async () => {
      const updated = applyUiStatePatch(await get(), patch);
      await writeFileAtomic(filePath, serialise(updated));
      current = Promise.resolve(updated);
      return updated;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return { get, update };
}

const serialise = (state: UiState): string => `${JSON.stringify(state, null, 2)}\n`;
