import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES } from '../../shared/contract/files';
import { isInputPath, type ImportFile } from '../../shared/contract/runs';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import { describeNonZip } from '../ingest/xlsx/zip-directory';
import { IMPORT_DIR } from '../runs/import-files';

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

interface Session {
  id: string;
  name: string;
  path: string;
  size: number;
  received: number;
  nextIndex: number;
  dir: string;
  file: string;
  fh: FileHandle;
  timer: NodeJS.Timeout;
  committing: boolean;
}

const ZIP_MAGIC = 0x504b0304;

/**
 * Workbook uploads from the renderer in bounded, ordered chunks: each upload is streamed into its own temp
 * file, its first bytes must be a zip package (what .xlsx is), and on commit the file is written to
 * Files/import through the OneLake client with progress. Nothing reaches OneLake before every byte arrived.
 */
export class ImportUploads {
  private readonly sessions = new Map<string, Session>();
  private readonly maxBytes: number;
  private readonly idleMs: number;
  private readonly maxOpen: number;

  constructor(private readonly deps: ImportUploadsDeps) {
    this.maxBytes = deps.maxBytes ?? MAX_UPLOAD_BYTES;
    this.idleMs = deps.idleMs ?? 10 * 60_000;
    this.maxOpen = deps.maxOpen ?? 4;
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
    if (this.sessions.size >= this.maxOpen) {
      throw new AppError(
        'CONFLICT',
        `${this.sessions.size} uploads are already in progress.`,
        'Wait until one has finished, then try again.',
      );
    }
    const onelake = await this.deps.onelake();
    if (!req.replace && (await onelake.exists(path))) {
      throw new AppError(
        'CONFLICT',
        `A workbook named ${name} is already in Files/import.`,
        'Choose "Replace" to overwrite it, or rename your file.',
      );
    }
    const dir = await mkdtemp(join(this.deps.tmpDir, 'portal-upload-'));
    const file = join(dir, 'workbook.xlsx');
    const fh = await open(file, 'w');
    const id = randomUUID();
    const session: Session = {
      id,
      name,
      path,
      size: req.size,
      received: 0,
      nextIndex: 0,
      dir,
      file,
      fh,
      timer: this.idleTimer(id),
      committing: false,
    };
    this.sessions.set(id, session);
    return { uploadId: id, path, chunkBytes: UPLOAD_CHUNK_BYTES };
  }

  async chunk(req: { uploadId: string; index: number; data: string }): Promise<{ receivedBytes: number }> {
    const s = this.session(req.uploadId);
    if (s.committing) throw new AppError('CONFLICT', `The upload of ${s.name} is already being written.`);
    if (req.index !== s.nextIndex) {
      throw new AppError(
        'CONFLICT',
        `Chunk ${req.index} of ${s.name} arrived out of order (expected ${s.nextIndex}).`,
        'Start the upload again.',
      );
    }
    const bytes = Buffer.from(req.data, 'base64');
    if (bytes.length > UPLOAD_CHUNK_BYTES || s.received + bytes.length > s.size) {
      await this.drop(s);
      throw new AppError(
        'VALIDATION',
        `${s.name} sent more bytes than it announced (${s.size}).`,
        'Start the upload again.',
      );
    }
    if (req.index === 0 && (bytes.length < 4 || bytes.readUInt32BE(0) !== ZIP_MAGIC)) {
      await this.drop(s);
      const what = describeNonZip(bytes.subarray(0, 512));
      throw new AppError('INPUT_INVALID', `${s.name} was not uploaded: ${lower(what.message)}`, what.hint);
    }
    await s.fh.write(bytes, 0, bytes.length);
    s.received += bytes.length;
    s.nextIndex += 1;
    s.timer.refresh();
    return { receivedBytes: s.received };
  }

  async commit(uploadId: string): Promise<ImportFile> {
    const s = this.session(uploadId);
    if (s.committing) throw new AppError('CONFLICT', `The upload of ${s.name} is already being written.`);
    if (s.received !== s.size) {
      throw new AppError(
        'VALIDATION',
        `${s.name} is incomplete: ${s.received} of ${s.size} bytes arrived.`,
        'Send the remaining chunks, or start the upload again.',
      );
    }
    s.committing = true;
    clearTimeout(s.timer);
    const progress = (phase: UploadProgress['phase'], loadedBytes: number): void =>
      this.deps.onProgress({ uploadId, name: s.name, phase, loadedBytes, totalBytes: s.size });
    try {
      await s.fh.close();
      const onelake = await this.deps.onelake();
      progress('writing', 0);
      await onelake.upload(s.path, createReadStream(s.file), {
        onProgress: (loaded) => progress('writing', Math.min(loaded, s.size)),
      });
      const after = await onelake.stat(s.path);
      progress('done', s.size);
      return { path: s.path, name: s.name, size: after.size, lastModified: after.lastModified };
    } catch (e) {
      progress('failed', 0);
      throw e;
    } finally {
      await this.drop(s);
    }
  }

  async cancel(uploadId: string): Promise<{ cancelled: boolean }> {
    const s = this.sessions.get(uploadId);
    if (!s || s.committing) return { cancelled: false };
    await this.drop(s);
    return { cancelled: true };
  }

  /** Uploads in progress (for tests and diagnostics). */
  get openCount(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.drop(s)));
  }

  private session(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) {
      throw new AppError(
        'NOT_FOUND',
        'This upload is no longer open (it was finished, cancelled or idle for too long).',
        'Start the upload again.',
      );
    }
    return s;
  }

  private idleTimer(id: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const s = this.sessions.get(id);
      if (s && !s.committing) void this.drop(s);
    }, this.idleMs);
    timer.unref();
    return timer;
  }

  private async drop(s: Session): Promise<void> {
    this.sessions.delete(s.id);
    clearTimeout(s.timer);
    await s.fh.close().catch(() => undefined);
    await rm(s.dir, { recursive: true, force: true });
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
