import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SaveArtifactsResult, SaveProgress } from '../../shared/contract/artifacts';
import { AppError, isAppError, type AppErrorData } from '../../shared/contract/errors';
import type { ArtifactCache } from './artifact-cache';
import type { CachedFile } from './cache-manifest';

// Taking a run's artifacts out of the cache: copied into a folder the user chose in the native dialog
// (Electron), or streamed to the browser through one-time download addresses (preview host). Every byte
// that leaves is checked against the manifest's sha256 on the way, so a file damaged after the cache
// checked it is refused instead of handed over.

const PROGRESS_STEP_BYTES = 256 * 1024;
const TICKET_TTL_MS = 5 * 60_000;
const MAX_TICKETS = 200;

export interface ArtifactExportDeps {
  cache: ArtifactCache;
  /** the native folder dialog; null when it was closed without a folder */
  chooseFolder: () => Promise<string | null>;
  onProgress?: (p: SaveProgress) => void;
  now?: () => number;
}

/** A one-time download of one cached file, redeemed by the preview host's /download/<id> route. */
export interface DownloadTicket {
  runId: string;
  name: string;
  path: string;
  size: number;
  sha256: string;
}

const damaged = (runId: string, name: string): AppError =>
  new AppError(
    'INPUT_INVALID',
    `${name} of run ${runId} is damaged in the offline cache (it does not match its sha256); nothing was saved.`,
    'Use "Check offline copy" to download it again, then save it again.',
  );

/** The copy must not leave a partial file behind, and says which file failed and why. */
function saveFailed(name: string, e: unknown): AppError {
  if (isAppError(e)) return e;
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'ENOSPC'
      ? 'the disk is full'
      : err.code === 'EACCES' || err.code === 'EPERM'
        ? 'the folder cannot be written to'
        : err.code === 'ENOENT'
          ? 'the folder no longer exists'
          : (err.message ?? String(e));
  return new AppError(
    'INTERNAL',
    `${name} could not be saved: ${why}.`,
    'Choose another folder and try again.',
  );
}

/** Counts and hashes what passes; fails before the last chunk leaves when the hash is not the expected one. */
function checkedStream(expected: string, onBytes: (n: number) => void, fail: () => AppError): Transform {
  const hash = createHash('sha256');
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, callback) {
      hash.update(chunk);
      onBytes(chunk.length);
      // One chunk is held back: a damaged file never arrives complete.
      const out = held;
      held = chunk;
      callback(null, out ?? undefined);
    },
    flush(callback) {
      if (hash.digest('hex') !== expected) callback(fail());
      else callback(null, held ?? undefined);
    },
  });
}

export class ArtifactExport {
  private readonly tickets = new Map<string, DownloadTicket & { expires: number }>();
  private readonly now: () => number;

  constructor(private readonly deps: ArtifactExportDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The run's files (all, or the named ones), after the cache checked them (downloading them if needed). */
  async files(runId: string, names?: readonly string[]): Promise<{ dir: string; files: CachedFile[] }> {
    const run = await this.deps.cache.open(runId, { touch: false });
    if (!names) return { dir: run.dir, files: run.manifest.files };
    const files = names.map((name) => {
      const f = run.manifest.files.find((x) => x.name === name);
      if (!f) {
        throw new AppError(
          'NOT_FOUND',
          `Run ${runId} has no file ${name}.`,
          `Its files: ${run.manifest.files.map((x) => x.name).join(', ')}.`,
        );
      }
      return f;
    });
    return { dir: run.dir, files };
  }

  /** Electron: asks for a folder, then copies the files into it. */
  async saveWithDialog(runId: string, names?: readonly string[]): Promise<SaveArtifactsResult> {
    // Checked first: a run that cannot be saved is said before the dialog, not after a folder was chosen.
    await this.files(runId, names);
    const folder = await this.deps.chooseFolder();
    if (folder === null) return { kind: 'cancelled' };
    return this.saveTo(runId, folder, names);
  }

  /** Copies files into `folder`; a name already taken there gets " (1)", " (2)"… (nothing is overwritten). */
  async saveTo(
    runId: string,
    folder: string,
    names?: readonly string[],
  ): Promise<Extract<SaveArtifactsResult, { kind: 'saved' }>> {
    const { dir, files } = await this.files(runId, names);
    const saved: { name: string; savedAs: string; bytes: number }[] = [];
    for (const f of files) {
      const progress = this.progress(runId, f);
      const tmp = join(folder, `.${f.name}.${randomBytes(4).toString('hex')}.part`);
      try {
        await mkdir(folder, { recursive: true });
        await pipeline(
          createReadStream(join(dir, f.name)),
          checkedStream(f.sha256, progress.add, () => damaged(runId, f.name)),
          createWriteStream(tmp, { flags: 'wx' }),
        );
        const savedAs = await freeName(folder, f.name);
        await rename(tmp, join(folder, savedAs));
        progress.done();
        saved.push({ name: f.name, savedAs, bytes: f.size });
      } catch (e) {
        await rm(tmp, { force: true });
        const error = saveFailed(f.name, e);
        progress.failed(error.toData());
        throw error;
      }
    }
    return { kind: 'saved', folder, files: saved };
  }

  /** Preview host: one-time addresses for the browser to download the files from. */
  async downloads(runId: string, names?: readonly string[]): Promise<SaveArtifactsResult> {
    const { dir, files } = await this.files(runId, names);
    this.dropExpired();
    if (this.tickets.size + files.length > MAX_TICKETS) {
      throw new AppError(
        'CONFLICT',
        'Too many downloads are waiting to start.',
        'Wait a few minutes and try again.',
      );
    }
    return {
      kind: 'download',
      files: files.map((f) => {
        const id = randomBytes(24).toString('base64url');
        this.tickets.set(id, {
          runId,
          name: f.name,
          path: join(dir, f.name),
          size: f.size,
          sha256: f.sha256,
          expires: this.now() + TICKET_TTL_MS,
        });
        return { name: f.name, bytes: f.size, url: `/download/${id}` };
      }),
    };
  }

  /** The ticket of a download address, once: a second use (or an expired one) gets null. */
  redeem(id: string): DownloadTicket | null {
    this.dropExpired();
    const t = this.tickets.get(id);
    if (!t) return null;
    this.tickets.delete(id);
    const { expires: _expires, ...ticket } = t;
    return ticket;
  }

  /** Streams a redeemed file into `out` (the HTTP response), checked against its sha256 on the way. */
  async send(ticket: DownloadTicket, out: Writable): Promise<void> {
    const progress = this.progress(ticket.runId, ticket);
    try {
      await pipeline(
        createReadStream(ticket.path),
        checkedStream(ticket.sha256, progress.add, () => damaged(ticket.runId, ticket.name)),
        out,
      );
      progress.done();
    } catch (e) {
      const error = isAppError(e)
        ? e
        : new AppError(
            'CANCELLED',
            `The download of ${ticket.name} stopped before it was complete (${(e as Error).message}).`,
            'Start it again.',
          );
      progress.failed(error.toData());
      throw error;
    }
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, t] of this.tickets) if (t.expires <= now) this.tickets.delete(id);
  }

  private progress(runId: string, f: { name: string; size: number }) {
    let done = 0;
    let reported = 0;
    const emit = (state: SaveProgress['state'], error?: AppErrorData): void =>
      this.deps.onProgress?.({
        runId,
        name: f.name,
        bytesDone: done,
        bytesTotal: f.size,
        state,
        ...(error ? { error } : {}),
      });
    emit('saving');
    return {
      add: (n: number): void => {
        done += n;
        if (done - reported >= PROGRESS_STEP_BYTES) {
          reported = done;
          emit('saving');
        }
      },
      done: (): void => emit('done'),
      failed: (error: AppErrorData): void => emit('failed', error),
    };
  }
}

/** `name`, or `name (1).ext`, `name (2).ext`… whichever does not exist in `folder` yet. */
async function freeName(folder: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 0; i < 1_000; i++) {
    const candidate = i === 0 ? name : `${stem} (${i})${ext}`;
    const taken = await access(join(folder, candidate)).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
  throw new AppError(
    'VALIDATION',
    `The folder already holds 1,000 copies of ${name}.`,
    'Choose another folder.',
  );
}
