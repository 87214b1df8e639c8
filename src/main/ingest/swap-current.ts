import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Replaces results/current with copies of `files` from `sourceDir` so that a reader sees either the old
 * set or the new one, never a half-written folder: the new set is written beside it, then two renames
 * swap it in (the window between them shows no current/, which readers treat as "not yet available").
 */
export async function swapCurrent(
  currentPath: string,
  sourceDir: string,
  files: readonly string[],
  id: string,
): Promise<void> {
  const parent = dirname(currentPath);
  const tmp = join(parent, `current.tmp-${id}`);
  const old = join(parent, `current.old-${id}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    for (const f of files) await copyFile(join(sourceDir, f), join(tmp, f));
    try {
      await rename(currentPath, old);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    await rename(tmp, currentPath);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await rm(old, { recursive: true, force: true });
}
