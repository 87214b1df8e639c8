import { basename } from 'node:path';
import type { OpenedBundle } from '../../shared/contract/bundles';
import { AppError } from '../../shared/contract/errors';
import type { ArtifactReader } from './artifact-reader';
import type { RunBundles } from './run-bundles';

/** Opens a bundle file (by path or as an uploaded temp file) and answers what the pages show about it. */
export interface BundleOpener {
  /** `label`: the name the user knows the file by, when `path` is a temp file */
  open(path: string, label?: string): Promise<OpenedBundle>;
}

/**
 * The one way a bundle is opened from the UI (Electron File → Open…, a dropped file, a browser upload): the
 * bundle is checked and imported, then a table still open for the same run is closed so the next page read
 * comes from the new files.
 */
export function createBundleOpener(deps: { bundles: RunBundles; reader: ArtifactReader }): BundleOpener {
  return {
    async open(path, label) {
      const opened = await deps.bundles.open(path, label === undefined ? {} : { label });
      await deps.reader.close(opened.runId);
      const listed = (await deps.bundles.list()).find((b) => b.runId === opened.runId);
      if (!listed) {
        throw new AppError(
          'INTERNAL',
          `The bundle ${label ?? basename(path)} was imported but cannot be listed.`,
        );
      }
      return listed;
    },
  };
}
