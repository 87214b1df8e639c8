import type { ArtifactServices } from '../../artifacts';
import type { Handlers } from '../router';

type ArtifactsChannel =
  | 'artifacts.query'
  | 'artifacts.summary'
  | 'artifacts.save'
  | 'cache.list'
  | 'cache.makeAvailable'
  | 'cache.remove'
  | 'cache.setLimit'
  | 'cache.verify'
  | 'bundles.export'
  | 'bundles.open';

/** Cleaned-data pages, the offline cache and run bundles. */
export const artifactsHandlers = (services: {
  artifacts: ArtifactServices;
}): Pick<Handlers, ArtifactsChannel> => {
  const { cache, reader, bundles, exports } = services.artifacts;
  return {
    'artifacts.query': async (input) => reader.query(input),
    'artifacts.summary': async ({ runId }) => reader.summary(runId),
    // The app shows its own folder dialog; a browser cannot be given a path, so it gets download addresses.
    'artifacts.save': async ({ runId, files }, ctx) =>
      ctx.host === 'preview' ? exports.downloads(runId, files) : exports.saveWithDialog(runId, files),
    'cache.list': async () => cache.list(),
    'cache.makeAvailable': async (input) =>
      cache.makeAvailable({
        ...(input.runIds ? { runIds: input.runIds } : {}),
        ...(input.latest !== undefined ? { latest: input.latest } : {}),
      }),
    'cache.remove': async ({ runId, origin }) =>
      reader.withRunClosed(runId, () => cache.remove(runId, origin)),
    'cache.setLimit': async ({ limitBytes }) => cache.setLimit(limitBytes),
    'cache.verify': async ({ runId }) => cache.verify(runId),
    'bundles.export': async ({ runId, destPath }) => bundles.export(runId, destPath),
    'bundles.open': async ({ path }) => {
      // A bundle of a run already open is re-imported: the open table must not keep the old files.
      const opened = await bundles.open(path);
      await reader.close(opened.runId);
      return opened;
    },
  };
};
