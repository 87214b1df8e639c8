import type { ImportServices } from '../../files';
import type { Handlers } from '../router';

type FilesChannel =
  | 'files.context'
  | 'files.uploadBegin'
  | 'files.uploadChunk'
  | 'files.uploadCommit'
  | 'files.uploadCancel'
  | 'files.inspectLive';

/** The Import page's upload, live inspection and baseline channels. */
export const filesHandlers = (services: { imports: ImportServices }): Pick<Handlers, FilesChannel> => {
  const { uploads, inspection, context } = services.imports;
  return {
    'files.context': () => context.read(),
    'files.uploadBegin': (input) => uploads.begin(input),
    'files.uploadChunk': (input) => uploads.chunk(input),
    'files.uploadCommit': (input) => uploads.commit(input.uploadId),
    'files.uploadCancel': (input) => uploads.cancel(input.uploadId),
    'files.inspectLive': (input) => inspection.inspect(input.path, input.requestId, input.maxRows),
  };
};
