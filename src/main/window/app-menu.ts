import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuDeps {
  platform: NodeJS.Platform;
  appName: string;
  /** File → Open… (CmdOrCtrl+O): choose a .fdpbundle and open it */
  openBundle: () => void;
}

/**
 * The application menu. Besides File → Open… it keeps the standard roles (edit shortcuts such as copy and
 * paste only work in Electron when an Edit menu provides them) and leaves out dev tools and reload, which the
 * hardened window does not allow anyway.
 */
export function appMenuTemplate(deps: AppMenuDeps): MenuItemConstructorOptions[] {
  const mac = deps.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        id: 'open-bundle',
        label: 'Open Run Bundle…',
        accelerator: 'CmdOrCtrl+O',
        click: () => deps.openBundle(),
      },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemConstructorOptions = { role: 'windowMenu' };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: deps.appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...appMenu, file, edit, view, window];
}
