import {
  ColorSchemeSchema,
  DEFAULT_UI_STATE,
  MAX_PREF_VALUE_LENGTH,
  MAX_PREFS_PER_PAGE,
  PAGES,
  PageSchema,
  PREF_KEY_PATTERN,
  type PagePrefs,
  type UiState,
} from '../../shared/contract/ui';

export interface SalvageResult {
  state: UiState;
  /** what could not be kept, in words, empty when the input was fully valid */
  dropped: string[];
}

/**
 * Reads whatever can be trusted from a stored UI state. A file written by a newer or older version, or
 * edited by hand, keeps every field that is still valid instead of being thrown away whole.
 */
export function salvageUiState(raw: unknown): SalvageResult {
  const dropped: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { state: DEFAULT_UI_STATE, dropped: ['the whole file (not a JSON object)'] };
  }
  const record = raw as Record<string, unknown>;
  const known = new Set(['lastPage', 'colorScheme', 'prefs']);
  for (const key of Object.keys(record)) if (!known.has(key)) dropped.push(`unknown field "${key}"`);

  const lastPage = PageSchema.safeParse(record.lastPage);
  if (!lastPage.success && record.lastPage !== undefined) dropped.push('lastPage');
  const colorScheme = ColorSchemeSchema.safeParse(record.colorScheme);
  if (!colorScheme.success && record.colorScheme !== undefined) dropped.push('colorScheme');

  return {
    state: {
      lastPage: lastPage.success ? lastPage.data : DEFAULT_UI_STATE.lastPage,
      colorScheme: colorScheme.success ? colorScheme.data : DEFAULT_UI_STATE.colorScheme,
      prefs: salvagePrefs(record.prefs, dropped),
    },
    dropped,
  };
}

function salvagePrefs(raw: unknown, dropped: string[]): UiState['prefs'] {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    dropped.push('prefs');
    return {};
  }
  const prefs: UiState['prefs'] = {};
  for (const [page, pagePrefs] of Object.entries(raw)) {
    if (!(PAGES as readonly string[]).includes(page) || !isPlainObject(pagePrefs)) {
      dropped.push(`prefs.${page}`);
      continue;
    }
    const kept: PagePrefs = {};
    for (const [key, value] of Object.entries(pagePrefs)) {
      const fits =
        PREF_KEY_PATTERN.test(key) &&
        typeof value === 'string' &&
        value.length <= MAX_PREF_VALUE_LENGTH &&
        Object.keys(kept).length < MAX_PREFS_PER_PAGE;
      if (fits) kept[key] = value;
      else dropped.push(`prefs.${page}.${key}`);
    }
    if (Object.keys(kept).length > 0) prefs[PageSchema.parse(page)] = kept;
  }
  return prefs;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
