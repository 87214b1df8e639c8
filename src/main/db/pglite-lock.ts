import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/contract/errors';

const LOCK_FILE = 'portal-open.lock';

/**
 * PGlite has no cross-process locking: two processes (say the desktop app and the preview host) writing
 * one data folder would corrupt it. This claims the folder with a lock file holding our pid; a file left
 * by a process that no longer exists is taken over. Returns the release function.
 */
export function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new AppError(
        'DB_UNAVAILABLE',
        `The demo database in ${dataDir} is already open in another Fabric Data Portal (process ${owner}).`,
        'Close the other portal window or preview host, then try again.',
      );
    }
    if (owner === process.pid) {
      throw new AppError(
        'DB_UNAVAILABLE',
        `The demo database in ${dataDir} is already open in this process.`,
        'Use the Db that is already open instead of opening the folder twice.',
      );
    }
    rmSync(path, { force: true });
  }
  throw new AppError('DB_UNAVAILABLE', `Could not claim the demo database folder ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
