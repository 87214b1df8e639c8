import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { Page } from '../../../shared/contract/ui-values';
import type { AppState } from './app';
import type { Stores } from './stores';

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores must be used inside <StoresProvider>.');
  return stores;
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useStores().app, selector);
}

type StateOf<S> = S extends StoreApi<infer T> ? T : never;

/** Reads one page's store, e.g. `usePageStore('archive', (s) => s.runs)`. */
export function usePageStore<P extends Page, T>(page: P, selector: (state: StateOf<Stores[P]>) => T): T {
  // The indexed store's state type is only known per P; the cast states what the mapping guarantees.
  const store = useStores()[page] as unknown as StoreApi<StateOf<Stores[P]>>;
  return useStore<StoreApi<StateOf<Stores[P]>>, T>(store, selector);
}

/** A remembered page preference (filter, sort order…): survives restarts through ui.setState. */
export function usePagePref<V extends string>(
  page: Page,
  key: string,
  fallback: V,
  allowed: readonly V[],
): [V, (value: V) => void] {
  const stored = useAppStore((s) => s.prefs[page]?.[key]);
  const setPref = useAppStore((s) => s.setPref);
  const value = allowed.find((a) => a === stored) ?? fallback;
  return [value, (next: V) => setPref(page, key, next === fallback ? null : next)];
}
