import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useEffect, useMemo } from 'react';
import { createColorSchemeManager } from './theme/color-scheme-manager';
import { BundleDropTarget } from './components/bundles/BundleDropTarget';
import { ErrorBoundary } from './components/ErrorBoundary';
import { AppLayout } from './components/shell/AppLayout';
import { StoresProvider } from './stores/context';
import type { Stores } from './stores/stores';
import { theme } from './theme/theme';

export function App({ stores }: { stores: Stores }) {
  const colorSchemeManager = useMemo(() => createColorSchemeManager(stores.app), [stores.app]);

  useEffect(() => {
    const { connect, loadInfo, loadLock, refreshHealth } = stores.app.getState();
    const disconnect = [
      connect(),
      stores.settings.getState().connect(),
      stores.monitor.getState().connect(),
      stores.results.getState().connect(),
      stores.archive.getState().connect(),
      stores.connectivity.getState().connect(),
    ];
    void loadInfo();
    void refreshHealth();
    void loadLock();
    void stores.connectivity.getState().load();
    return () => disconnect.forEach((off) => off());
  }, [stores]);

  return (
    <MantineProvider
      theme={theme}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme={stores.app.getState().colorScheme}
    >
      <Notifications position="bottom-right" />
      <StoresProvider stores={stores}>
        <ErrorBoundary scope="the portal">
          <AppLayout />
          <BundleDropTarget />
        </ErrorBoundary>
      </StoresProvider>
    </MantineProvider>
  );
}
