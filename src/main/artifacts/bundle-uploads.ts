import { join } from 'node:path';
import { MAX_BUNDLE_UPLOAD_BYTES, type OpenedBundle } from '../../shared/contract/bundles';
import { UPLOAD_CHUNK_BYTES } from '../../shared/contract/chunked-upload';
import { AppError } from '../../shared/contract/errors';
import { ChunkedUploads } from '../uploads/chunked-upload';
import { BUNDLE_EXTENSION, formatBytes } from './bundle-format';

export interface BundleUploadsDeps {
  /** a fresh folder for one upload's temp file (the cache's staging area, emptied at every start) */
  tempDir: (label: string) => Promise<string>;
  open: (path: string, label: string) => Promise<OpenedBundle>;
  maxBytes?: number;
  /** an upload that receives nothing for this long is dropped (default 10 min) */
  idleMs?: number;
  /** uploads open at once (default 2): each holds a temp file of up to maxBytes */
  maxOpen?: number;
}

/**
 * A .fdpbundle file sent by the renderer in chunks (see ChunkedUploads, which provides chunk, commit, cancel
 * and close) into the cache's staging area; on commit the bundle is checked and opened exactly as a file
 * chosen in Electron, and the temp file is removed whatever the outcome.
 */
export class BundleUploads extends ChunkedUploads<undefined, OpenedBundle> {
  private readonly maxBytes: number;

  constructor(deps: BundleUploadsDeps) {
    super({
      tempFile: async () => {
        const dir = await deps.tempDir('bundle-upload');
        return { dir, file: join(dir, `upload${BUNDLE_EXTENSION}`) };
      },
      texts: {
        noun: 'bundle upload',
        again: 'Open the bundle again.',
        tooMany: (n) => `${n} bundles are already being opened.`,
        busy: (name) => `${name} is already being opened.`,
      },
      maxOpen: deps.maxOpen ?? 2,
      idleMs: deps.idleMs,
      finish: (u) => deps.open(u.file, u.name),
    });
    this.maxBytes = deps.maxBytes ?? MAX_BUNDLE_UPLOAD_BYTES;
  }

  async begin(req: { name: string; size: number }): Promise<{ uploadId: string; chunkBytes: number }> {
    const name = req.name.trim();
    if (/[/\\]/.test(name) || !name.toLowerCase().endsWith(BUNDLE_EXTENSION)) {
      throw new AppError(
        'VALIDATION',
        `"${req.name.slice(0, 120)}" is not a run bundle: only ${BUNDLE_EXTENSION} files can be opened here.`,
        `Choose a ${BUNDLE_EXTENSION} file exported with "Export run bundle" on the Results page.`,
      );
    }
    if (req.size > this.maxBytes) {
      throw new AppError(
        'VALIDATION',
        `${name} is ${formatBytes(req.size)}; the portal opens bundles up to ${formatBytes(this.maxBytes)}.`,
        'Ask for a bundle of one run (each export holds exactly one).',
      );
    }
    const uploadId = await this.beginUpload(name, req.size, undefined);
    return { uploadId, chunkBytes: UPLOAD_CHUNK_BYTES };
  }
}
