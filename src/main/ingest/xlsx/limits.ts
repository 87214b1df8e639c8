import { AppError } from '../../../shared/contract/errors';

/** Upper bounds for reading an untrusted workbook; every one fails with INPUT_INVALID, never a hang. */
export interface XlsxLimits {
  maxFileBytes: number;
  /** compressed size of any single zip entry */
  maxEntryCompressedBytes: number;
  /** inflated bytes of one entry, counted while inflating (declared sizes are not trusted) */
  maxEntryUncompressedBytes: number;
  /** inflated bytes over all entries read */
  maxTotalUncompressedBytes: number;
  /** inflated / compressed, checked once an entry has produced more than 1 MiB */
  maxCompressionRatio: number;
  maxEntries: number;
  /** data rows (the header row not counted) */
  maxRows: number;
  maxCells: number;
  maxSharedStringBytes: number;
  /** wall-clock budget for one read */
  maxMillis: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxEntryCompressedBytes: 256 * 1024 * 1024,
  maxEntryUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxTotalUncompressedBytes: 3 * 1024 * 1024 * 1024,
  maxCompressionRatio: 250,
  maxEntries: 10_000,
  maxRows: 1_048_575,
  maxCells: 40_000_000,
  maxSharedStringBytes: 256 * 1024 * 1024,
  maxMillis: 300_000,
};

export function withLimits(overrides?: Partial<XlsxLimits>): XlsxLimits {
  return { ...DEFAULT_XLSX_LIMITS, ...overrides };
}

export function inputInvalid(message: string, hint: string, cause?: unknown): AppError {
  return new AppError('INPUT_INVALID', message, hint, cause === undefined ? undefined : { cause });
}

const MIB = 1024 * 1024;
export function formatBytes(n: number): string {
  return n >= MIB ? `${(n / MIB).toFixed(1)} MiB` : `${n} bytes`;
}
