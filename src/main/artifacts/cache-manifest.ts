import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/contract/errors';
import { writeFileAtomic } from '../config/atomic-file';

// manifest.json of one cached run folder: what was downloaded (or unpacked from a bundle), from where,
// with the size and sha256 every later open is checked against. It is written last, inside the staging
// folder, so a run folder without a valid manifest never counts as cached.

export const MANIFEST_FILE = 'manifest.json';
export const CACHE_FORMAT_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const CachedFileSchema = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  sha256,
  downloadedAt: z.string(),
  /** "onelake:<lakehouse path>" or "bundle:<bundle file>#<entry>" */
  source: z.string(),
});
export type CachedFile = z.infer<typeof CachedFileSchema>;

export const CacheManifestSchema = z.object({
  formatVersion: z.literal(CACHE_FORMAT_VERSION),
  runId: z.string(),
  origin: z.enum(['cache', 'bundle']),
  /** profile downloaded with (cache) or exported from (bundle) */
  profileId: z.string(),
  createdAt: z.string(),
  lastOpenedAt: z.string().nullable(),
  files: z.array(CachedFileSchema),
  /** bundles: when and by whom it was exported */
  bundle: z.object({ path: z.string(), exportedAt: z.string(), sha256 }).optional(),
});
export type CacheManifest = z.infer<typeof CacheManifestSchema>;

/** The manifest of a run folder, or null when there is none (not cached, or a crash before it was written). */
export async function readManifest(runDir: string): Promise<CacheManifest | null> {
  let text: string;
  try {
    text = await readFile(join(runDir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = CacheManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'INPUT_INVALID',
      `The offline copy in ${runDir} has a damaged manifest.json, so its files cannot be trusted.`,
      'Remove the run from the offline cache and make it available offline again.',
    );
  }
  return parsed.data;
}

export async function writeManifest(runDir: string, manifest: CacheManifest): Promise<void> {
  await writeFileAtomic(join(runDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n', 0o644);
}

export const manifestBytes = (m: CacheManifest): number => m.files.reduce((s, f) => s + f.size, 0);
