import { z } from 'zod';
import { ImportProfileSchema } from '../artifacts';
import { chunkedUploadInputs } from './chunked-upload';
import { channel, event, input, noInput } from './define';
import { FileInspectionSchema, ImportFileSchema, isInputPath } from './runs';

// The Import page's channels beyond files.list/files.inspect: uploading a workbook in bounded chunks (the
// preview host has no native file dialog, and Electron uses the same path), an inspection that reports its
// first rows and progress while it reads, and what the page compares a workbook with.

export { UPLOAD_CHUNK_BASE64_CHARS, UPLOAD_CHUNK_BYTES } from './chunked-upload';
/** Largest workbook the portal uploads (the reader itself stops at 256 MiB). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const upload = chunkedUploadInputs(MAX_UPLOAD_BYTES, {
  /** replace a workbook of the same name */
  replace: z.boolean().default(false),
});

const inputPath = z
  .string()
  .max(1_024)
  .refine(isInputPath, 'The workbook must be an .xlsx file under Files/import/');

export const ImportBaselineSchema = z.object({
  runId: z.string(),
  inputName: z.string(),
  inputPath: z.string(),
  finishedAt: z.string().nullable(),
  profile: ImportProfileSchema,
});
export type ImportBaseline = z.infer<typeof ImportBaselineSchema>;

export const ImportContextSchema = z.object({
  /** recorded as requested_by of a run started from this app */
  requestedBy: z.string(),
  maxUploadBytes: z.number(),
  chunkBytes: z.number(),
  /** the input profile of the last successful run, null when there is none or it cannot be read */
  baseline: ImportBaselineSchema.nullable(),
  /** why there is no baseline, in words */
  baselineNote: z.string().nullable(),
});
export type ImportContext = z.infer<typeof ImportContextSchema>;

export const InspectPreviewSchema = FileInspectionSchema.pick({
  sheet: true,
  headerRow: true,
  columns: true,
  missingRequired: true,
  rows: true,
});
export type InspectPreview = z.infer<typeof InspectPreviewSchema>;

export const filesChannels = {
  'files.context': channel(
    'Who a run is requested by, the upload limits and the input profile of the last successful run',
    noInput,
    ImportContextSchema,
  ),
  'files.uploadBegin': channel(
    'Start uploading a workbook into Files/import (chunks follow)',
    upload.begin,
    z.object({ uploadId: z.string(), path: z.string(), chunkBytes: z.number() }),
  ),
  'files.uploadChunk': channel(
    'The next chunk of an upload, base64, in order',
    upload.chunk,
    upload.chunkOutput,
  ),
  'files.uploadCommit': channel(
    'Check the received workbook and write it to Files/import (progress by upload.progress)',
    upload.commit,
    ImportFileSchema,
  ),
  'files.uploadCancel': channel(
    'Drop an upload that has not been committed',
    upload.cancel,
    upload.cancelOutput,
  ),
  'files.inspectLive': channel(
    'Inspect a workbook in Files/import, pushing its first rows and progress by inspect.progress',
    input({
      path: inputPath,
      requestId: z.uuid(),
      maxRows: z.number().int().min(1).max(100).default(50),
    }),
    FileInspectionSchema,
  ),
};

export const filesEvents = {
  'upload.progress': event(
    'Bytes of one upload received by main and written to OneLake',
    z.object({
      uploadId: z.string(),
      name: z.string(),
      phase: z.enum(['writing', 'done', 'failed']),
      loadedBytes: z.number(),
      totalBytes: z.number(),
    }),
  ),
  'inspect.progress': event(
    'A workbook inspection moved on: downloaded, first rows read, rows read so far',
    z.object({
      requestId: z.string(),
      path: z.string(),
      phase: z.enum(['downloading', 'preview', 'reading']),
      rowsRead: z.number(),
      preview: InspectPreviewSchema.nullable(),
    }),
  ),
};
