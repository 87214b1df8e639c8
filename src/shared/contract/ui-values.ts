import type { UiState } from './ui';

export type { PagePrefs, UiState, UiStatePatch } from './ui';

// Plain values of the UI-state contract, kept apart from the zod schemas in ui.ts so the renderer can
// import them without pulling zod into its initial bundle.

/** The six pages of the portal, in navigation order (Ctrl/Cmd+1..6 follows this order). */
export const PAGES = ['import', 'monitor', 'results', 'archive', 'settings', 'diagnostics'] as const;
export type Page = (typeof PAGES)[number];

export const COLOR_SCHEMES = ['light', 'dark', 'auto'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

export const PREF_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const MAX_PREFS_PER_PAGE = 32;
export const MAX_PREF_VALUE_LENGTH = 256;

export const DEFAULT_UI_STATE: UiState = { lastPage: 'import', colorScheme: 'light', prefs: {} };
