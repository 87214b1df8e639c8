import type { ArtifactServices } from '../../artifacts';
import type { BundleUploads } from '../../artifacts/bundle-uploads';
import type { Handlers } from '../router';

type BundlesChannel =
  | 'bundles.list'
  | 'bundles.uploadBegin'
  | 'bundles.uploadChunk'
  | 'bundles.uploadCommit'
  | 'bundles.uploadCancel';

/** Opened bundles, and bundles sent as bytes by a renderer that has no file paths (browser preview host). */
export const bundlesHandlers = (services: {
  artifacts: ArtifactServices;
  bundleUploads: BundleUploads;
}): Pick<Handlers, BundlesChannel> => {
  const uploads = services.bundleUploads;
  return {
    'bundles.list': async () => ({ bundles: await services.artifacts.bundles.list() }),
    'bundles.uploadBegin': (input) => uploads.begin(input),
    'bundles.uploadChunk': (input) => uploads.chunk(input),
    'bundles.uploadCommit': (input) => uploads.commit(input.uploadId),
    'bundles.uploadCancel': (input) => uploads.cancel(input.uploadId),
  };
};
