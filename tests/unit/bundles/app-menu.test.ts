import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../../src/main/window/app-menu';

const submenu = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] =>
  (item?.submenu ?? []) as MenuItemConstructorOptions[];

describe('application menu', () => {
  it('has File → Open Run Bundle… on CmdOrCtrl+O, which opens a bundle', () => {
    let opened = 0;
    const template = appMenuTemplate({
      platform: 'linux',
      appName: 'Fabric Data Portal',
      openBundle: () => opened++,
    });
    expect(template.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'windowMenu']);
    const open = submenu(template[0]).find((i) => i.id === 'open-bundle');
    expect(open).toMatchObject({ label: 'Open Run Bundle…', accelerator: 'CmdOrCtrl+O' });
    (open?.click as () => void)();
    expect(opened).toBe(1);
    expect(submenu(template[0]).at(-1)).toEqual({ role: 'quit' });
    // copy and paste need an Edit menu with their roles in Electron
    expect(submenu(template[1]).map((i) => i.role)).toEqual(
      expect.arrayContaining(['copy', 'paste', 'selectAll']),
    );
  });

  it('adds the app menu on macOS and closes the window from File there', () => {
    const template = appMenuTemplate({
      platform: 'darwin',
      appName: 'Fabric Data Portal',
      openBundle: () => {},
    });
    expect(template[0]?.label).toBe('Fabric Data Portal');
    expect(submenu(template[0]).map((i) => i.role)).toContain('quit');
    expect(submenu(template[1]).at(-1)).toEqual({ role: 'close' });
  });

  it('offers no reload or dev tools (the hardened window allows neither)', () => {
    const roles = JSON.stringify(appMenuTemplate({ platform: 'win32', appName: 'x', openBundle: () => {} }));
    expect(roles).not.toMatch(/reload|toggleDevTools|forceReload/);
  });
});
