// The native "choose a folder" dialog of the Electron app, for saving a run's artifacts. Electron is loaded
// only when the dialog is first shown: the same services run in the plain-Node preview host, which never
// calls this (it hands the browser download addresses instead).

export async function chooseFolderWithElectron(): Promise<string | null> {
  const { BrowserWindow, dialog } = await import('electron');
  const options: Electron.OpenDialogOptions = {
    title: 'Save the run’s files to a folder',
    buttonLabel: 'Save here',
    properties: ['openDirectory', 'createDirectory'],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return r.canceled ? null : (r.filePaths[0] ?? null);
}
