import { z } from 'zod';
import { ARTIFACT_FILES } from '../../shared/artifacts';
import { AppError } from '../../shared/contract/errors';
import { formatBytes } from '../ingest/xlsx/limits';

// A run bundle (<runId>.fdpbundle) is a zip of:
//   bundle.json                 this manifest (format, version, run, origin, sha256 of every other entry)
//   artifacts/<artifact file>   the run's files exactly as written to Files/results/runs/<runId>/
//   run/record.json             the run's database record, when the exporter had one
//   run/events.json             the run's audit events, when the exporter had them
// Nothing else may be in it; names are checked before anything is inflated or written.

export const BUNDLE_EXTENSION = '.fdpbundle';
export const BUNDLE_MANIFEST = 'bundle.json';
export const BUNDLE_FORMAT = 'fabric-data-portal/run-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const RECORD_ENTRY = 'run/record.json';
export const EVENTS_ENTRY = 'run/events.json';
export const artifactEntry = (file: string): string => `artifacts/${file}`;

export const ALLOWED_ENTRIES: readonly string[] = [
  ...ARTIFACT_FILES.map(artifactEntry),
  RECORD_ENTRY,
  EVENTS_ENTRY,
];

export const BundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.number().int().positive(),
  runId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/),
  exportedAt: z.string(),
  exportedBy: z.string().max(500),
  /** the profile the run was cached with when exported */
  fromProfile: z.string().max(200),
  appVersion: z.string().max(100),
  entries: z
    .array(
      z.object({
        name: z.string().max(200),
        size: z.number().int().nonnegative(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    )
    .max(ALLOWED_ENTRIES.length),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

/** Upper bounds for opening an untrusted bundle (same approach as the workbook reader's XlsxLimits). */
export interface BundleLimits {
  maxBundleBytes: number;
  maxEntries: number;
  /** inflated bytes of one entry, counted while inflating (declared sizes are not trusted) */
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** inflated / compressed of one entry, checked once it has produced more than 1 MiB */
  maxCompressionRatio: number;
  maxManifestBytes: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxBundleBytes: 1024 ** 3,
  maxEntries: 16,
  maxEntryBytes: 1024 ** 3,
  maxTotalBytes: 1.5 * 1024 ** 3,
  maxCompressionRatio: 200,
  maxManifestBytes: 1024 * 1024,
};

export function bundleRefused(path: string, message: string, hint?: string): AppError {
  return new AppError(
    'INPUT_INVALID',
    `The bundle ${path} cannot be opened: ${message}`,
    hint ?? 'Ask for the bundle to be exported again and copy the whole file.',
  );
}

export { formatBytes };
