import { z } from 'zod';
import { channel, noInput } from './define';
import {
  COLOR_SCHEMES,
  DEFAULT_UI_STATE,
  MAX_PREF_VALUE_LENGTH,
  MAX_PREFS_PER_PAGE,
  PAGES,
  PREF_KEY_PATTERN,
  type ColorScheme,
  type Page,
} from './ui-values';

export {
  COLOR_SCHEMES,
  DEFAULT_UI_STATE,
  MAX_PREF_VALUE_LENGTH,
  MAX_PREFS_PER_PAGE,
  PAGES,
  PREF_KEY_PATTERN,
};
export type { ColorScheme, Page };

export const PageSchema = z.enum(PAGES);
export const ColorSchemeSchema = z.enum(COLOR_SCHEMES);

// Preferences are deliberately tiny (filters, sort orders, column choices as short strings), so the file
// main keeps stays small and a renderer bug cannot grow it without limit.
const PrefKeySchema = z.string().regex(PREF_KEY_PATTERN, 'a preference key is 1-64 letters, digits, _ . -');
const PrefValueSchema = z.string().max(MAX_PREF_VALUE_LENGTH);

export const PagePrefsSchema = z
  .record(PrefKeySchema, PrefValueSchema)
  .refine((prefs) => Object.keys(prefs).length <= MAX_PREFS_PER_PAGE, {
    message: `at most ${MAX_PREFS_PER_PAGE} preferences per page`,
  });
export type PagePrefs = z.infer<typeof PagePrefsSchema>;

export const UiStateSchema = z.strictObject({
  lastPage: PageSchema,
  colorScheme: ColorSchemeSchema,
  prefs: z.partialRecord(PageSchema, PagePrefsSchema),
});
export type UiState = z.infer<typeof UiStateSchema>;

/**
 * A change to the UI state. Top-level fields replace; `prefs` merges key by key within a page and a `null`
 * value removes that key, so two pages saving their own preferences never overwrite each other.
 */
export const UiStatePatchSchema = z.strictObject({
  lastPage: PageSchema.optional(),
  colorScheme: ColorSchemeSchema.optional(),
  prefs: z
    .partialRecord(
      PageSchema,
      z
        .record(PrefKeySchema, PrefValueSchema.nullable())
        .refine((p) => Object.keys(p).length <= MAX_PREFS_PER_PAGE, {
          message: `at most ${MAX_PREFS_PER_PAGE} preferences per page`,
        }),
    )
    .optional(),
});
export type UiStatePatch = z.infer<typeof UiStatePatchSchema>;

export const uiChannels = {
  'ui.getState': channel(
    'The remembered UI state: last page, colour scheme, page preferences',
    noInput,
    UiStateSchema,
  ),
  'ui.setState': channel(
    'Apply a change to the remembered UI state; answers the state now stored',
    UiStatePatchSchema,
    UiStateSchema,
  ),
};
