import { z } from 'zod';
import { input } from './define';

// The inputs every chunked upload channel takes (workbooks into Files/import, run bundles into the cache):
// one place for the chunk size, the base64 rule and the upload id, each upload kind only naming its own
// largest size and any extra Begin fields.

/** Raw bytes per chunk: 384 KiB is exactly 512 KiB of base64, well under the 1 MiB transport frame. */
export const UPLOAD_CHUNK_BYTES = 384 * 1024;
export const UPLOAD_CHUNK_BASE64_CHARS = (UPLOAD_CHUNK_BYTES / 3) * 4;

const uploadId = z.uuid({ error: 'The upload id must be a UUID' });

/** Begin/Chunk/Commit/Cancel input schemas (and the Chunk/Cancel outputs) for uploads of up to maxBytes. */
export const chunkedUploadInputs = <E extends z.ZodRawShape>(maxBytes: number, beginExtra: E) => ({
  begin: input({
    name: z.string().min(1).max(255),
    size: z.number().int().min(1).max(maxBytes),
    ...beginExtra,
  }),
  chunk: input({
    uploadId,
    index: z
      .number()
      .int()
      .min(0)
      .max(Math.ceil(maxBytes / UPLOAD_CHUNK_BYTES)),
    data: z
      .string()
      .min(1)
      .max(UPLOAD_CHUNK_BASE64_CHARS)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Chunks are base64'),
  }),
  chunkOutput: z.object({ receivedBytes: z.number() }),
  commit: input({ uploadId }),
  cancel: input({ uploadId }),
  cancelOutput: z.object({ cancelled: z.boolean() }),
});
