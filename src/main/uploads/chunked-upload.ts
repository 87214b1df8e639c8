import { randomUUID } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { UPLOAD_CHUNK_BYTES } from '../../shared/contract/chunked-upload';
import { AppError } from '../../shared/contract/errors';

/** The wording of one upload kind's errors, so each page keeps telling the user what it always did. */
export interface ChunkedUploadTexts {
  /** "This <noun> is no longer open …" */
  noun: string;
  /** what the user does to start over, as a sentence ("Open the bundle again.") */
  again: string;
  tooMany: (open: number) => string;
  busy: (name: string) => string;
}

export interface ChunkedUploadsDeps<T = undefined, R = unknown> {
  /** a fresh folder and the temp file in it for one upload; the folder is removed when the upload ends */
  tempFile: () => Promise<{ dir: string; file: string }>;
  texts: ChunkedUploadTexts;
  /** uploads open at once: each holds a temp file */
  maxOpen: number;
  /** an upload that receives nothing for this long is dropped (default 10 min) */
  idleMs?: number;
  /** throws an AppError when the first chunk shows the file is not what it claims (the upload is dropped) */
  checkFirstChunk?: (bytes: Buffer, name: string) => void;
  /** what commit does with the complete temp file (which is removed once this settles, either way) */
  finish: (upload: ReceivedUpload<T>) => Promise<R>;
}

/** What `finish` receives: every announced byte is in `file`, which is removed after `finish` settles. */
export interface ReceivedUpload<T> {
  id: string;
  name: string;
  size: number;
  file: string;
  extra: T;
}

interface Session<T> extends ReceivedUpload<T> {
  received: number;
  nextIndex: number;
  dir: string;
  fh: FileHandle;
  timer: NodeJS.Timeout;
  committing: boolean;
}

/**
 * Bytes sent by the renderer in bounded, ordered base64 chunks into a temp file (the browser preview host has
 * no file paths). Callers check the name and size with their own wording before `begin`; this holds the
 * rules every upload shares: limit of open uploads, order, no more bytes than announced, nothing handed on
 * before every byte arrived, and the temp file removed on commit, cancel, idle expiry and close.
 * Each upload kind extends this with its own public `begin` (its checks and wording, then `beginUpload`), so
 * chunk, commit, cancel and close are the shared ones, not pass-throughs.
 */
export class ChunkedUploads<T = undefined, R = unknown> {
  private readonly sessions = new Map<string, Session<T>>();
  private readonly idleMs: number;

  constructor(private readonly rules: ChunkedUploadsDeps<T, R>) {
    this.idleMs = rules.idleMs ?? 10 * 60_000;
  }

  /** Throws when no further upload may begin; callers call it before slow checks of their own. */
  assertRoom(): void {
    if (this.sessions.size >= this.rules.maxOpen) {
      throw new AppError(
        'CONFLICT',
        this.rules.texts.tooMany(this.sessions.size),
        'Wait until one has finished, then try again.',
      );
    }
  }

  /** Opens an upload whose name and size the subclass has checked; returns its id. */
  protected async beginUpload(name: string, size: number, extra: T): Promise<string> {
    this.assertRoom();
    const { dir, file } = await this.rules.tempFile();
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
      size,
      file,
      extra,
      received: 0,
      nextIndex: 0,
      dir,
      fh,
      timer: this.idleTimer(id),
      committing: false,
    });
    return id;
  }

  async chunk(req: { uploadId: string; index: number; data: string }): Promise<{ receivedBytes: number }> {
    const s = this.session(req.uploadId);
    const { texts } = this.rules;
    if (s.committing) throw new AppError('CONFLICT', texts.busy(s.name));
    if (req.index !== s.nextIndex) {
      throw new AppError(
        'CONFLICT',
        `Chunk ${req.index} of ${s.name} arrived out of order (expected ${s.nextIndex}).`,
        texts.again,
      );
    }
    const bytes = Buffer.from(req.data, 'base64');
    if (bytes.length > UPLOAD_CHUNK_BYTES || s.received + bytes.length > s.size) {
      await this.drop(s);
      throw new AppError(
        'VALIDATION',
        `${s.name} sent more bytes than it announced (${s.size}).`,
        texts.again,
      );
    }
    if (req.index === 0 && this.rules.checkFirstChunk) {
      try {
        this.rules.checkFirstChunk(bytes, s.name);
      } catch (e) {
        await this.drop(s);
        throw e;
      }
    }
    await s.fh.write(bytes, 0, bytes.length);
    s.received += bytes.length;
    s.nextIndex += 1;
    s.timer.refresh();
    return { receivedBytes: s.received };
  }

  /** Hands the complete temp file to `finish`; the upload ends (and its file is removed) either way. */
  async commit(uploadId: string): Promise<R> {
    const s = this.session(uploadId);
    if (s.committing) throw new AppError('CONFLICT', this.rules.texts.busy(s.name));
    if (s.received !== s.size) {
      throw new AppError(
        'VALIDATION',
        `${s.name} is incomplete: ${s.received} of ${s.size} bytes arrived.`,
        `Send the remaining chunks, or ${lower(this.rules.texts.again)}`,
      );
    }
    s.committing = true;
    clearTimeout(s.timer);
    try {
      await s.fh.close();
      return await this.rules.finish({ id: s.id, name: s.name, size: s.size, file: s.file, extra: s.extra });
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

  private session(id: string): Session<T> {
    const s = this.sessions.get(id);
    if (!s) {
      throw new AppError(
        'NOT_FOUND',
        `This ${this.rules.texts.noun} is no longer open (it was finished, cancelled or idle for too long).`,
        this.rules.texts.again,
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

  private async drop(s: Session<T>): Promise<void> {
    this.sessions.delete(s.id);
    clearTimeout(s.timer);
    await s.fh.close().catch(() => undefined);
    await rm(s.dir, { recursive: true, force: true });
  }
}

const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
