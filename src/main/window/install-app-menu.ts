import { BrowserWindow, dialog, Menu } from 'electron';
import type { ComposedApp } from '../compose';
import { appMenuTemplate } from './app-menu';
import { BUNDLE_DIALOG_FILTERS, openBundleFromDialog } from './open-bundle-dialog';

/** Sets the application menu; File → Open… opens a .fdpbundle and shows it on Results. */
export function installAppMenu(deps: {
  composed: ComposedApp;
  appName: string;
  onError: (error: unknown) => void;
}): void {
  const { composed } = deps;
  const openBundle = (): void => {
    void openBundleFromDialog({
      choose: async () => {
        const options: Electron.OpenDialogOptions = {
          title: 'Open a run bundle',
          properties: ['openFile'],
          filters: BUNDLE_DIALOG_FILTERS,
        };
        const parent = BrowserWindow.getFocusedWindow();
        const r = parent
          ? await dialog.showOpenDialog(parent, options)
          : await dialog.showOpenDialog(options);
        return r.canceled || r.filePaths.length === 0 ? null : (r.filePaths[0] ?? null);
      },
      open: (path) => composed.services.bundleOpener.open(path),
      announce: (outcome) => void composed.events.emit('bundle.opened', outcome),
    }).catch(deps.onError);
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({ platform: process.platform, appName: deps.appName, openBundle }),
    ),
  );
}
