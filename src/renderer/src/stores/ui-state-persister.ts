import type { AppErrorData } from '../../../shared/contract/errors';
import { DEFAULT_UI_STATE, type UiState, type UiStatePatch } from '../../../shared/contract/ui-values';
import type { Portal } from '../portal';
import { invokeSafely } from './invoke';

export interface UiStatePersister {
  save(patch: UiStatePatch): Promise<void>;
}

/** Reads the remembered UI state once at start-up; a failure starts with the defaults instead of blocking. */
export async function loadUiState(portal: Portal, onError: (error: AppErrorData) => void): Promise<UiState> {
  const result = await invokeSafely(portal, 'ui.getState', {});
  if (result.ok) return result.value;
  onError(result.error);
  return DEFAULT_UI_STATE;
}

/**
 * Sends UI state changes to main one at a time, in order, so a quick page switch followed by a theme
 * change cannot arrive reversed. Reports only the first failure: remembering the last page is a
 * convenience and must not bury the user in notifications.
 */
export function createUiStatePersister(
  portal: Portal,
  onError: (error: AppErrorData) => void,
): UiStatePersister {
  let queue: Promise<void> = Promise.resolve();
  let reported = false;
  const report = (error: AppErrorData) => {
    if (reported) return;
    reported = true;
    onError(error);
  };
  return {
    save(patch) {
      queue = queue.then(async () => {
        const result = await invokeSafely(portal, 'ui.setState', patch);
        if (!result.ok) report(result.error);
      });
      return queue;
    },
  };
}
