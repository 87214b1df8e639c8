import { createReadStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { UPLOAD_CHUNK_BYTES } from '../../shared/contract/chunked-upload';
import { AppError } from '../../shared/contract/errors';
import { MAX_UPLOAD_BYTES } from '../../shared/contract/files';
import { isInputPath, type ImportFile } from '../../shared/contract/runs';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import { describeNonZip } from '../ingest/xlsx/zip-directory';
import { IMPORT_DIR } from '../runs/import-files';
import { ChunkedUploads, type ReceivedUpload } from '../uploads/chunked-upload';

export interface UploadProgress {
  uploadId: string;
  name: string;
  phase: 'writing' | 'done' | 'failed';
  loadedBytes: number;
  totalBytes: number;
}

export interface ImportUploadsDeps {
  /** the active profile's OneLake client, asked for when an upload begins */
  onelake: () => Promise<OneLakeClient>;
  /** parent of the per-upload temp folders */
  tmpDir: string;
  onProgress: (p: UploadProgress) => void;
  maxBytes?: number;
  /** an upload that receives nothing for this long is dropped (default 10 min) */
  idleMs?: number;
  /** uploads open at once (default 4): each holds a temp file */
  maxOpen?: number;
}

const ZIP_MAGIC = 0x504b0304;

/**
 * Workbook uploads from the renderer in chunks (see ChunkedUploads, which provides chunk, commit, cancel and
 * close): the first bytes must be a zip package (what .xlsx is), and on commit the file is written to
 * Files/import through the OneLake client with progress. Nothing reaches OneLake before every byte arrived.
 */
export class ImportUploads extends ChunkedUploads<{ path: string }, ImportFile> {
  private readonly maxBytes: number;
  private readonly onelake: () => Promise<OneLakeClient>;

  constructor(deps: ImportUploadsDeps) {
    super({
      tempFile: async () => {
        const dir = await mkdtemp(join(deps.tmpDir, 'portal-upload-'));
        return { dir, file: join(dir, 'workbook.xlsx') };
      },
      texts: {
        noun: 'upload',
        again: 'Start the upload again.',
        tooMany: (n) => `${n} uploads are already in progress.`,
        busy: (name) => `The upload of ${name} is already being written.`,
      },
      maxOpen: deps.maxOpen ?? 4,
      idleMs: deps.idleMs,
      checkFirstChunk: (bytes, name) => {
        if (bytes.length >= 4 && bytes.readUInt32BE(0) === ZIP_MAGIC) return;
        const what = describeNonZip(bytes.subarray(0, 512));
        throw new AppError('INPUT_INVALID', `${name} was not uploaded: ${lower(what.message)}`, what.hint);
      },
      finish: (u) => writeToImport(deps, u),
    });
    this.maxBytes = deps.maxBytes ?? MAX_UPLOAD_BYTES;
    this.onelake = deps.onelake;
  }

  async begin(req: {
    name: string;
    size: number;
    replace: boolean;
  }): Promise<{ uploadId: string; path: string; chunkBytes: number }> {
    const name = req.name.trim();
    const path = `${IMPORT_DIR}/${name}`;
    if (/[/\\]/.test(name) || !isInputPath(path)) {
      throw new AppError(
        'VALIDATION',
        `"${req.name}" cannot be uploaded: only Excel workbooks (.xlsx) can be imported.`,
        'Save the data in Excel as "Excel Workbook (.xlsx)" and upload that file.',
      );
    }
    if (req.size > this.maxBytes) {
      throw new AppError(
        'VALIDATION',
        `${name} is ${mb(req.size)}; the portal uploads workbooks up to ${mb(this.maxBytes)}.`,
        'Split the data into smaller workbooks.',
      );
    }
    this.assertRoom();
    const onelake = await this.onelake();
    if (!req.replace && (await onelake.exists(path))) {
      throw new AppError(
        'CONFLICT',
        `A workbook named ${name} is already in Files/import.`,
        'Choose "Replace" to overwrite it, or rename your file.',
      );
    }
    const uploadId = await this.beginUpload(name, req.size, { path });
    return { uploadId, path, chunkBytes: UPLOAD_CHUNK_BYTES };
  }
}

/** Writes a complete upload to its Files/import path, reporting progress as it goes. */
async function writeToImport(
  deps: ImportUploadsDeps,
  u: ReceivedUpload<{ path: string }>,
): Promise<ImportFile> {
  const path = u.extra.path;
  const progress = (phase: UploadProgress['phase'], loadedBytes: number): void =>
    deps.onProgress({ uploadId: u.id, name: u.name, phase, loadedBytes, totalBytes: u.size });
  try {
    const onelake = await deps.onelake();
    progress('writing', 0);
    await onelake.upload(path, createReadStream(u.file), {
      onProgress: (loaded) => progress('writing', Math.min(loaded, u.size)),
    });
    const after = await onelake.stat(path);
    progress('done', u.size);
    return { path, name: u.name, size: after.size, lastModified: after.lastModified };
  } catch (e) {
    progress('failed', 0);
    throw e;
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
