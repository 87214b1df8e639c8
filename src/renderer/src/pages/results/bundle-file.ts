import { MAX_BUNDLE_UPLOAD_BYTES_VALUE } from './bundle-limits';
import type { AppErrorData } from '../../../../shared/contract/errors';

// Checks a file before its bytes are sent anywhere: a wrong file is refused at once, with what to do.

export const BUNDLE_EXTENSION = '.fdpbundle';

/** "812 B", "54 KB", "3.4 MB", "1.00 GB". */
export function formatBundleBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function checkBundleFile(file: { name: string; size: number }): AppErrorData | null {
  if (!file.name.toLowerCase().endsWith(BUNDLE_EXTENSION)) {
    return {
      code: 'VALIDATION',
      message: `${file.name} is not a run bundle: only ${BUNDLE_EXTENSION} files can be opened.`,
      hint: 'Choose a file exported with “Export run bundle” on the Results page.',
    };
  }
  if (file.size === 0) {
    return {
      code: 'INPUT_INVALID',
      message: `${file.name} is empty, so it is not a run bundle.`,
      hint: 'Ask for the bundle to be exported again and copy the whole file.',
    };
  }
  if (file.size > MAX_BUNDLE_UPLOAD_BYTES_VALUE) {
    return {
      code: 'VALIDATION',
      message: `${file.name} is ${formatBundleBytes(file.size)}; the portal opens bundles up to ${formatBundleBytes(MAX_BUNDLE_UPLOAD_BYTES_VALUE)}.`,
      hint: 'Each bundle holds one run; ask for the export of the run you need.',
    };
  }
  return null;
}

/** The first .fdpbundle among dropped files (or the first file, so a wrong one is refused with a reason). */
export function pickBundle<F extends { name: string }>(files: readonly F[]): F | null {
  return files.find((f) => f.name.toLowerCase().endsWith(BUNDLE_EXTENSION)) ?? files[0] ?? null;
}
