import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../../shared/contract/errors';

// <dataDir>/cache/<profile>/<runId>/   runs downloaded with a profile
// <dataDir>/cache/@bundles/<runId>/    runs imported from .fdpbundle files (read-only, never re-fetched)
// <dataDir>/cache/.staging/            downloads and imports in progress; emptied at start
// '@' and '.' never occur in a profile folder name, so the areas cannot collide.

export const BUNDLES_AREA = '@bundles';
export const STAGING_AREA = '.staging';
export const CACHE_SETTINGS_FILE = 'cache-settings.json';

const RUN_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function checkRunId(runId: string): string {
  if (!RUN_ID_RE.test(runId)) {
    throw new AppError('VALIDATION', `"${runId.slice(0, 60)}" is not a valid run id.`, 'Run ids are UUIDs.');
  }
  return runId;
}

/** Profile ids are free text; the folder is the id itself when it is safe, else a hash of it. */
export function profileFolder(profileId: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(profileId)
    ? profileId
    : `p-${createHash('sha256').update(profileId).digest('hex').slice(0, 16)}`;
}

export interface CachePaths {
  root: string;
  staging: string;
  bundles: string;
  profile(profileId: string): string;
  run(profileId: string, runId: string): string;
  bundleRun(runId: string): string;
}

export function cachePaths(dataDir: string): CachePaths {
  const root = join(dataDir, 'cache');
  return {
    root,
    staging: join(root, STAGING_AREA),
    bundles: join(root, BUNDLES_AREA),
    profile: (profileId) => join(root, profileFolder(profileId)),
    run: (profileId, runId) => join(root, profileFolder(profileId), checkRunId(runId)),
    bundleRun: (runId) => join(root, BUNDLES_AREA, checkRunId(runId)),
  };
}
