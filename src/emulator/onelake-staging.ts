import { createHash } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StorageError } from './onelake-errors';

interface Pending {
  tmp: string;
  /** byte ranges [start, end) that hold data: the committed prefix plus every append */
  ranges: Array<[number, number]>;
}

/**
 * Uncommitted appends of each file, kept in a staging file next to the lakehouse folders and renamed into
 * place on flush, so readers never see half-written data.
 */
export class UploadStaging {
  private readonly pending = new Map<string, Pending>();
  // The SDK appends chunks in parallel; operations on one path run one after another.
  private readonly locks = new Map<string, Promise<void>>();

  constructor(private readonly stagingDir: string) {}

  private serialize<T>(abs: string, op: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(abs) ?? Promise.resolve();
    const result = previous.then(op, op);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(abs, settled);
    void settled.then(() => {
      if (this.locks.get(abs) === settled) this.locks.delete(abs);
    });
    return result;
  }

  private tmpFor(abs: string): string {
    return join(this.stagingDir, createHash('sha256').update(abs).digest('hex').slice(0, 32));
  }

  discard(abs: string): Promise<void> {
    return this.serialize(abs, () => this.discardNow(abs));
  }

  private async discardNow(abs: string): Promise<void> {
    const p = this.pending.get(abs);
    this.pending.delete(abs);
    if (p) await rm(p.tmp, { force: true });
  }

  /** Writes an empty file atomically (ADLS create truncates). */
  createEmpty(abs: string): Promise<void> {
    return this.serialize(abs, () => this.createEmptyNow(abs));
  }

  private async createEmptyNow(abs: string): Promise<void> {
    await this.discardNow(abs);
    await mkdir(this.stagingDir, { recursive: true });
    const tmp = `${this.tmpFor(abs)}.new`;
    await (await open(tmp, 'w')).close();
    await mkdir(dirname(abs), { recursive: true });
    await rename(tmp, abs);
  }

  append(abs: string, position: number, data: Buffer): Promise<void> {
    return this.serialize(abs, () => this.appendNow(abs, position, data));
  }

  private async appendNow(abs: string, position: number, data: Buffer): Promise<void> {
    let p = this.pending.get(abs);
    if (!p) {
      const committed = await stat(abs).catch(() => undefined);
      if (!committed?.isFile())
        throw new StorageError(404, 'PathNotFound', 'The specified path does not exist.');
      await mkdir(this.stagingDir, { recursive: true });
      const tmp = this.tmpFor(abs);
      await copyFile(abs, tmp);
      p = { tmp, ranges: committed.size > 0 ? [[0, committed.size]] : [] };
      this.pending.set(abs, p);
    }
    if (data.length === 0) return;
    const fh = await open(p.tmp, 'r+');
    try {
      await fh.write(data, 0, data.length, position);
    } finally {
      await fh.close();
    }
    p.ranges.push([position, position + data.length]);
  }

  /** Commits data up to `position`; it must equal the contiguous length written so far. */
  flush(abs: string, position: number): Promise<void> {
    return this.serialize(abs, () => this.flushNow(abs, position));
  }

  private async flushNow(abs: string, position: number): Promise<void> {
    const p = this.pending.get(abs);
    if (!p) {
      const committed = await stat(abs).catch(() => undefined);
      if (!committed?.isFile())
        throw new StorageError(404, 'PathNotFound', 'The specified path does not exist.');
      if (committed.size !== position) {
        throw new StorageError(
          400,
          'InvalidFlushPosition',
          `The uploaded data is not contiguous or the position query parameter value (${position}) is not equal to the length of the file after appending the uploaded data (${committed.size}).`,
        );
      }
      return;
    }
    const contiguous = contiguousLength(p.ranges);
    if (position > contiguous || position < 0) {
      throw new StorageError(
        400,
        'InvalidFlushPosition',
        `The uploaded data is not contiguous or the position query parameter value (${position}) is not equal to the length of the file after appending the uploaded data (${contiguous}).`,
      );
    }
    await truncate(p.tmp, position);
    await rename(p.tmp, abs);
    this.pending.delete(abs);
  }

  /** Size the next append must start at (for clear error messages). */
  pendingLength(abs: string): number | undefined {
    const p = this.pending.get(abs);
    return p ? contiguousLength(p.ranges) : undefined;
  }

  moved(from: string): Promise<void> {
    return this.discard(from);
  }
}

function contiguousLength(ranges: Array<[number, number]>): number {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let end = 0;
  for (const [s, e] of sorted) {
    if (s > end) break;
    end = Math.max(end, e);
  }
  return end;
}
