import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import {
  ALLOWED_ENTRIES,
  BUNDLE_MANIFEST,
  bundleRefused,
  formatBytes,
  type BundleLimits,
} from './bundle-format';

const LOC_SIG = 0x04034b50;
const EOCD_SIG = 0x06054b50;
const READ_CHUNK = 64 * 1024;
// Small pushes bound what one inflate step can produce (deflate expands at most ~1032:1) before the
// size checks run.
const PUSH_SLICE = 16 * 1024;
const RATIO_GRACE = 1024 * 1024;

export interface BundleEntryData {
  name: string;
  bytes: Buffer;
  sha256: string;
}

const isTraversal = (name: string): boolean =>
  name.startsWith('/') ||
  name.includes('\\') ||
  /^[A-Za-z]:/.test(name) ||
  name.split('/').some((s) => s === '..' || s === '.');

/**
 * Reads every entry of a bundle file into memory, refusing anything that is not a complete zip of the
 * allowed entry names within the limits. Sizes are counted on the bytes actually inflated.
 */
export async function readBundleEntries(
  path: string,
  limits: BundleLimits,
  /** how the bundle is named in messages (an uploaded bundle's own name, not its temp file) */
  label: string = path,
): Promise<Map<string, BundleEntryData>> {
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw bundleRefused(
      label,
      e.code === 'ENOENT' ? 'the file does not exist.' : `the file cannot be read (${e.code ?? e.message}).`,
      'Choose the .fdpbundle file again.',
    );
  });
  try {
    const size = (await fh.stat()).size;
    if (size > limits.maxBundleBytes) {
      throw bundleRefused(
        label,
        `it is ${formatBytes(size)}, more than the limit of ${formatBytes(limits.maxBundleBytes)}.`,
      );
    }
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (size < 22 || head.readUInt32LE(0) !== LOC_SIG) {
      throw bundleRefused(
        label,
        'it is not a run bundle (the file is not a zip archive).',
        'Choose a file ending in .fdpbundle exported by the portal.',
      );
    }
    const tailLen = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let hasEnd = false;
    for (let i = tail.length - 22; i >= 0 && !hasEnd; i--) hasEnd = tail.readUInt32LE(i) === EOCD_SIG;
    if (!hasEnd) throw bundleRefused(label, 'the file is truncated (its zip directory is missing).');

    const entries = new Map<string, BundleEntryData>();
    const started = new Set<string>();
    let failure: Error | null = null;
    let total = 0;
    let consumedTotal = 0;
    const unzip = new Unzip((file) => {
      if (failure) return;
      const name = file.name;
      if (isTraversal(name)) {
        failure = bundleRefused(
          label,
          `it contains an entry named "${name.slice(0, 120)}" that points outside the bundle folder.`,
          'The file may be malicious; it was not opened.',
        );
        return;
      }
      if (name !== BUNDLE_MANIFEST && !ALLOWED_ENTRIES.includes(name)) {
        failure = bundleRefused(label, `it contains an unexpected entry "${name.slice(0, 120)}".`);
        return;
      }
      if (started.has(name)) {
        failure = bundleRefused(label, `the entry ${name} appears twice.`);
        return;
      }
      if (started.size >= limits.maxEntries) {
        failure = bundleRefused(label, `it has more than ${limits.maxEntries} entries.`);
        return;
      }
      started.add(name);
      const chunks: Uint8Array[] = [];
      const hash = createHash('sha256');
      let produced = 0;
      const consumedAtStart = consumedTotal;
      file.ondata = (err, chunk, final) => {
        if (failure) return;
        if (err) {
          failure = bundleRefused(label, `the entry ${name} cannot be decompressed (${err.message}).`);
          return;
        }
        produced += chunk.length;
        total += chunk.length;
        const max = name === BUNDLE_MANIFEST ? limits.maxManifestBytes : limits.maxEntryBytes;
        if (produced > max) {
          failure = bundleRefused(
            label,
            `the entry ${name} inflates to more than ${formatBytes(max)} (it may be a zip bomb).`,
            'It was not opened.',
          );
          return;
        }
        if (total > limits.maxTotalBytes) {
          failure = bundleRefused(
            label,
            `it inflates to more than ${formatBytes(limits.maxTotalBytes)} in total (it may be a zip bomb).`,
            'It was not opened.',
          );
          return;
        }
        const consumed = Math.max(consumedTotal - consumedAtStart, 1);
        if (produced > RATIO_GRACE && produced / consumed > limits.maxCompressionRatio) {
          failure = bundleRefused(
            label,
            `the entry ${name} is compressed more than ${limits.maxCompressionRatio}:1, which run files never are (it looks like a zip bomb).`,
            'It was not opened.',
          );
          return;
        }
        chunks.push(chunk);
        hash.update(chunk);
        if (final) {
          entries.set(name, { name, bytes: Buffer.concat(chunks), sha256: hash.digest('hex') });
        }
      };
      try {
        file.start();
      } catch (e) {
        failure = bundleRefused(
          label,
          `the entry ${name} uses an unsupported compression (${(e as Error).message}).`,
        );
      }
    });
    unzip.register(UnzipInflate);
    unzip.register(UnzipPassThrough);
    const buf = Buffer.alloc(READ_CHUNK);
    for (let pos = 0; pos < size && !failure;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(READ_CHUNK, size - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      for (let i = 0; i < bytesRead && !failure; i += PUSH_SLICE) {
        const end = Math.min(i + PUSH_SLICE, bytesRead);
        consumedTotal += end - i;
        try {
          unzip.push(new Uint8Array(buf.subarray(i, end)), pos >= size && end >= bytesRead);
        } catch (e) {
          failure ??= bundleRefused(label, `the zip data is damaged (${(e as Error).message}).`);
        }
      }
    }
    if (failure) throw failure;
    const unfinished = [...started].filter((n) => !entries.has(n));
    if (unfinished.length > 0) {
      throw bundleRefused(
        label,
        `the file is truncated (${unfinished.join(', ')} ${unfinished.length === 1 ? 'is' : 'are'} incomplete).`,
      );
    }
    return entries;
  } finally {
    await fh.close();
  }
}
