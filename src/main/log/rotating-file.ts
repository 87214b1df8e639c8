import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  path: string;
  /** rotate before a write would take the current file past this size */
  maxBytes: number;
  /** files kept in total, the current one included: portal.log, portal.log.1 … portal.log.(maxFiles-1) */
  maxFiles: number;
}

/**
 * An append-only file rotated by size. Writes are synchronous on purpose: a log line written just before a
 * crash must be on disk, and the portal logs tens of lines a minute, not thousands a second.
 */
export class RotatingFile {
  private fd: number | null = null;
  private size = 0;

  constructor(private readonly opts: RotatingFileOptions) {
    if (opts.maxBytes < 1) throw new RangeError('maxBytes must be positive');
    if (opts.maxFiles < 1) throw new RangeError('maxFiles must be at least 1');
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.fd === null) this.open();
    if (this.size > 0 && this.size + bytes > this.opts.maxBytes) this.rotate();
    writeSync(this.fd!, line);
    this.size += bytes;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private open(): void {
    mkdirSync(dirname(this.opts.path), { recursive: true });
    this.fd = openSync(this.opts.path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    const { path, maxFiles } = this.opts;
    rmSync(`${path}.${maxFiles - 1}`, { force: true });
    for (let i = maxFiles - 2; i >= 1; i--) {
      try {
        renameSync(`${path}.${i}`, `${path}.${i + 1}`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    if (maxFiles > 1) renameSync(path, `${path}.1`);
    else rmSync(path, { force: true });
    this.open();
  }
}
