import { z } from 'zod';
import { chunkedUploadInputs } from './chunked-upload';
import { channel, event, noInput } from './define';
import { AppErrorDataSchema } from './errors';

// Opening run bundles (.fdpbundle) from the UI. Electron opens a file by its path (File → Open…, or a file
// dropped on the window, whose path the preload resolves); the browser preview host has no file paths, so
// the renderer uploads the bundle's bytes in the same bounded chunks as workbook uploads. Either way main
// checks the whole bundle before anything lands in the cache (see bundles.open in artifacts.ts).

/** The largest bundle main accepts (the same as the bundle reader's own file limit). */
export const MAX_BUNDLE_UPLOAD_BYTES = 1024 ** 3;
const upload = chunkedUploadInputs(MAX_BUNDLE_UPLOAD_BYTES, {});

export const OpenedBundleSchema = z.object({
  runId: z.string(),
  /** the bundle's file name as the user chose it */
  file: z.string(),
  exportedAt: z.string(),
  /** the connection profile it was exported from */
  fromProfile: z.string(),
  /** when it was opened on this computer */
  openedAt: z.string(),
  sizeBytes: z.number(),
  /** finished_at of its run_metadata.json */
  finishedAt: z.string().nullable(),
});
export type OpenedBundle = z.infer<typeof OpenedBundleSchema>;

export const bundlesChannels = {
  'bundles.list': channel(
    'Run bundles opened on this computer (viewable read-only like any other run)',
    noInput,
    z.object({ bundles: z.array(OpenedBundleSchema) }),
  ),
  'bundles.uploadBegin': channel(
    'Start sending a .fdpbundle file’s bytes to main (browser preview host: no file paths)',
    upload.begin,
    z.object({ uploadId: z.string(), chunkBytes: z.number() }),
  ),
  'bundles.uploadChunk': channel(
    'The next chunk of a bundle upload, base64, in order',
    upload.chunk,
    upload.chunkOutput,
  ),
  'bundles.uploadCommit': channel(
    'Check the received bundle and open it (read-only); the temp file is removed either way',
    upload.commit,
    OpenedBundleSchema,
  ),
  'bundles.uploadCancel': channel(
    'Drop a bundle upload that has not been committed',
    upload.cancel,
    upload.cancelOutput,
  ),
};

export const bundlesEvents = {
  'bundle.opened': event(
    'A bundle was chosen in main (Electron File → Open…): opened, or refused with the reason',
    z.object({
      file: z.string(),
      opened: OpenedBundleSchema.nullable(),
      error: AppErrorDataSchema.nullable(),
    }),
  ),
};
