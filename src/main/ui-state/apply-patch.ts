import { AppError } from '../../shared/contract/errors';
import {
  MAX_PREFS_PER_PAGE,
  type PagePrefs,
  type UiState,
  type UiStatePatch,
} from '../../shared/contract/ui';

/** Applies a patch to the state without mutating either; refuses a merge that would exceed the bounds. */
export function applyUiStatePatch(state: UiState, patch: UiStatePatch): UiState {
  const prefs: UiState['prefs'] = { ...state.prefs };
  for (const [page, changes] of Object.entries(patch.prefs ?? {}) as [
    keyof UiState['prefs'],
    Record<string, string | null>,
  ][]) {
    const merged: PagePrefs = { ...prefs[page] };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    if (Object.keys(merged).length > MAX_PREFS_PER_PAGE) {
      throw new AppError(
        'VALIDATION',
        `The ${page} page would keep more than ${MAX_PREFS_PER_PAGE} preferences.`,
        'Remove preferences the page no longer uses (send them with a null value).',
      );
    }
    if (Object.keys(merged).length === 0) delete prefs[page];
    else prefs[page] = merged;
  }
  return {
    lastPage: patch.lastPage ?? state.lastPage,
    colorScheme: patch.colorScheme ?? state.colorScheme,
    prefs,
  };
}
