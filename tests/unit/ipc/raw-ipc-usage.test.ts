import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The eslint rule forbids importing ipcMain/ipcRenderer outside the two transports; this catches every
// other spelling too (require, destructuring from a namespace import, electron.ipcMain...).

const TRANSPORTS = new Set(['src/main/ipc/electron-transport.ts', 'src/preload/index.ts']);

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe('raw Electron IPC', () => {
  it('appears only in the two transport files', async () => {
    const files = await sourceFiles('src');
    expect(files.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of files) {
      const rel = relative('.', file).split('\\').join('/');
      if (TRANSPORTS.has(rel)) continue;
      const text = await readFile(file, 'utf8');
      if (/\bipc(Main|Renderer)\b/.test(text)) offenders.push(rel);
    }
    expect(offenders).toEqual([]);
  });
  it('is really used by both transports (so the allow-list is not stale)', async () => {
    for (const file of TRANSPORTS) expect(await readFile(file, 'utf8')).toMatch(/\bipc(Main|Renderer)\b/);
  });
});
