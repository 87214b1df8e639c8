import { randomUUID } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_BUNDLE_UPLOAD_BYTES, type OpenedBundle } from '../../shared/contract/bundles';
import { AppError } from '../../shared/contract/errors';
import { UPLOAD_CHUNK_BYTES } from '../../shared/contract/files';
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

interface Session {
  id: string;
  name: string;
  size: number;
  received: number;
  nextIndex: number;
  dir: string;
  file: string;
  fh: FileHandle;
  timer: NodeJS.Timeout;
  committing: boolean;
}

/**
 * A .fdpbundle file sent by the renderer in bounded, ordered chunks (the browser preview host has no file
 * paths). Bytes go to a temp file in the cache's staging area; on commit the bundle is checked and opened
 * exactly as a file chosen in Electron, and the temp file is removed whatever the outcome.
 */
export class BundleUploads {
  private readonly sessions = new Map<string, Session>();
  private readonly maxBytes: number;
  private readonly idleMs: number;
  private readonly maxOpen: number;

  constructor(private readonly deps: BundleUploadsDeps) {
    this.maxBytes = deps.maxBytes ?? MAX_BUNDLE_UPLOAD_BYTES;
    this.idleMs = deps.idleMs ?? 10 * 60_000;
    this.maxOpen = deps.maxOpen ?? 2;
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
    if (this.sessions.size >= this.maxOpen) {
      throw new AppError(
        'CONFLICT',
        `${this.sessions.size} bundles are already being opened.`,
        'Wait until one has finished, then try again.',
      );
    }
    const dir = await this.deps.tempDir('bundle-upload');
    const file = join(dir, `upload${BUNDLE_EXTENSION}`);
    let fh: FileHandle;
    try {
      fh = await open(file, 'w');
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    const id = randomUUID();
    this.sessions.set(id, {
      id,
      name,
      size: req.size,
      received: 0,
      nextIndex: 0,
      dir,
      file,
      fh,
      timer: this.idleTimer(id),
      committing: false,
    });
    return { uploadId: id, chunkBytes: UPLOAD_CHUNK_BYTES };
  }

  async chunk(req: { uploadId: string; index: number; data: string }): Promise<{ receivedBytes: number }> {
    const s = this.session(req.uploadId);
    if (s.committing) throw new AppError('CONFLICT', `${s.name} is already being opened.`);
    if (req.index !== s.nextIndex) {
      throw new AppError(
        'CONFLICT',
        `Chunk ${req.index} of ${s.name} arrived out of order (expected ${s.nextIndex}).`,
        'Open the bundle again.',
      );
    }
    const bytes = Buffer.from(req.data, 'base64');
    if (bytes.length > UPLOAD_CHUNK_BYTES || s.received + bytes.length > s.size) {
      await this.drop(s);
      throw new AppError(
        'VALIDATION',
        `${s.name} sent more bytes than it announced (${s.size}).`,
        'Open the bundle again.',
      );
    }
    await s.fh.write(bytes, 0, bytes.length);
    s.received += bytes.length;
    s.nextIndex += 1;
    s.timer.refresh();
    return { receivedBytes: s.received };
  }

  async commit(uploadId: string): Promise<OpenedBundle> {
    const s = this.session(uploadId);
    if (s.committing) throw new AppError('CONFLICT', `${s.name} is already being opened.`);
    if (s.received !== s.size) {
      throw new AppError(
        'VALIDATION',
        `${s.name} is incomplete: ${s.received} of ${s.size} bytes arrived.`,
        'Send the remaining chunks, or open the bundle again.',
      );
    }
    s.committing = true;
    clearTimeout(s.timer);
    try {
      await s.fh.close();
      return await this.deps.open(s.file, s.name);
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
        'This bundle upload is no longer open (it was finished, cancelled or idle for too long).',
        'Open the bundle again.',
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
