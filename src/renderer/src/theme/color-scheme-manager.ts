import type { MantineColorSchemeManager } from '@mantine/core';
import type { AppStore } from '../stores/app';

/**
 * Mantine keeps the colour scheme in React state; this manager makes the app store (and through it
 * ui-state.json in main) its storage instead of localStorage, whose origin changes with the preview host's
 * port on every launch.
 */
export function createColorSchemeManager(app: AppStore): MantineColorSchemeManager {
  return {
    get: () => app.getState().colorScheme,
    set: (value) => app.getState().setColorScheme(value),
    // Only Mantine changes the scheme (toggle, Settings), so there is nothing external to follow.
    subscribe: () => undefined,
    unsubscribe: () => undefined,
    clear: () => app.getState().setColorScheme('light'),
  };
}
