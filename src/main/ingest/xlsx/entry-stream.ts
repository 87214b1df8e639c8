import type { FileHandle } from 'node:fs/promises';
import { Inflate } from 'fflate';
import { AppError } from '../../../shared/contract/errors';
import { entryDataOffset, readAt, type ZipEntry } from './zip-directory';
import { formatBytes, inputInvalid, type XlsxLimits } from './limits';

/** Shared by every entry of one read, so total-size and time limits span the whole workbook. */
export class ReadBudget {
  inflatedBytes = 0;
  compressedBytesRead = 0;
  private readonly deadline: number;
  constructor(
    readonly limits: XlsxLimits,
    readonly signal?: AbortSignal,
  ) {
    this.deadline = Date.now() + limits.maxMillis;
  }
  check(): void {
    if (this.signal?.aborted) throw new AppError('CANCELLED', 'Reading the workbook was cancelled.');
    if (Date.now() > this.deadline) {
      throw inputInvalid(
        `Reading the workbook took longer than ${Math.round(this.limits.maxMillis / 1000)} s and was stopped.`,
        'Split the data into smaller workbooks or raise the time limit in Settings.',
      );
    }
  }
}

const READ_CHUNK = 256 * 1024;
const RATIO_GRACE = 1024 * 1024;
const PUSH_SLICE = 16 * 1024;

/**
 * Inflates one entry chunk by chunk. The caller may stop early (break out of the loop): nothing more is
 * read or inflated. Sizes and ratio are counted on the bytes actually produced.
 */
export async function* inflateEntry(
  fh: FileHandle,
  entry: ZipEntry,
  budget: ReadBudget,
): AsyncGenerator<Uint8Array> {
  const { limits } = budget;
  if (entry.flags & 0x1) {
    throw inputInvalid(
      'The workbook is password-protected (its parts are encrypted), so it cannot be read.',
      'Open it in Excel and save it without a password.',
    );
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw inputInvalid(
      `The workbook part ${entry.name} uses an unsupported compression method (${entry.method}).`,
      'Re-save the workbook in Excel as .xlsx.',
    );
  }
  let offset = await entryDataOffset(fh, entry);
  const end = offset + entry.compressedSize;
  let produced = 0;
  let consumed = 0;
  let finished = false;
  let pending: Uint8Array[] = [];
  const count = (chunk: Uint8Array): void => {
    produced += chunk.length;
    budget.inflatedBytes += chunk.length;
    if (produced > limits.maxEntryUncompressedBytes) {
      throw inputInvalid(
        `The workbook part ${entry.name} inflates to more than ${formatBytes(limits.maxEntryUncompressedBytes)}.`,
        'The file may be a zip bomb or far larger than the app accepts; split the data into smaller workbooks.',
      );
    }
    if (budget.inflatedBytes > limits.maxTotalUncompressedBytes) {
      throw inputInvalid(
        `The workbook inflates to more than ${formatBytes(limits.maxTotalUncompressedBytes)} in total.`,
        'The file may be a zip bomb or far larger than the app accepts; split the data into smaller workbooks.',
      );
    }
    if (produced > RATIO_GRACE && produced / Math.max(consumed, 1) > limits.maxCompressionRatio) {
      throw inputInvalid(
        `The workbook part ${entry.name} is compressed more than ${limits.maxCompressionRatio}:1, which real workbooks never are.`,
        'The file looks like a zip bomb; it was not read.',
      );
    }
  };
  const inflater =
    entry.method === 8
      ? new Inflate((chunk, final) => {
          count(chunk);
          pending.push(chunk);
          if (final) finished = true;
        })
      : null;
  // Start small so a caller that wants only the first rows reads little; grow for throughput.
  let chunkSize = 32 * 1024;
  while (offset < end) {
    budget.check();
    const want = Math.min(chunkSize, end - offset);
    chunkSize = Math.min(chunkSize * 2, READ_CHUNK);
    const buf = await readAt(fh, offset, want);
    if (buf.length < want) {
      throw inputInvalid(`The workbook is damaged: part ${entry.name} is truncated.`, 'Re-save it in Excel.');
    }
    offset += buf.length;
    consumed += buf.length;
    budget.compressedBytesRead += buf.length;
    if (inflater) {
      // Small slices bound the memory one push can produce (deflate can expand ~1000:1) before the size
      // and ratio checks in count() get a chance to stop it, and let a caller that needs only the first
      // rows stop after a few KiB.
      for (let i = 0; i < buf.length; i += PUSH_SLICE) {
        try {
          inflater.push(buf.subarray(i, i + PUSH_SLICE), offset >= end && i + PUSH_SLICE >= buf.length);
        } catch (e) {
          if (e instanceof AppError) throw e;
          throw inputInvalid(
            `The workbook is damaged: part ${entry.name} cannot be decompressed (${(e as Error).message}).`,
            'Re-save it in Excel or copy the file again.',
            e,
          );
        }
        if (pending.length > 0) {
          const out = pending;
          pending = [];
          for (const c of out) yield c;
        }
        if (finished) return;
      }
    } else {
      count(buf);
      yield buf;
    }
  }
  if (inflater && !finished) {
    throw inputInvalid(`The workbook is damaged: part ${entry.name} ends early.`, 'Re-save it in Excel.');
  }
}

/** Inflates a small entry completely into text (workbook.xml, rels, styles, shared strings). */
export async function readEntryText(
  fh: FileHandle,
  entry: ZipEntry,
  budget: ReadBudget,
  maxBytes = 64 * 1024 * 1024,
): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let size = 0;
  for await (const chunk of inflateEntry(fh, entry, budget)) {
    size += chunk.length;
    if (size > maxBytes) {
      throw inputInvalid(
        `The workbook part ${entry.name} is larger than ${formatBytes(maxBytes)}.`,
        'Split the data into smaller workbooks or raise the limit in Settings.',
      );
    }
    parts.push(decoder.decode(chunk, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
