import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { zip, type AsyncZippable } from 'fflate';
import { ARTIFACT_FILES, RunMetadataSchema } from '../../shared/artifacts';
import { AppError, isAppError } from '../../shared/contract/errors';
import type { ArtifactCache } from './artifact-cache';
import {
  artifactEntry,
  BUNDLE_EXTENSION,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_MANIFEST,
  BundleManifestSchema,
  bundleRefused,
  DEFAULT_BUNDLE_LIMITS,
  EVENTS_ENTRY,
  RECORD_ENTRY,
  type BundleLimits,
  type BundleManifest,
} from './bundle-format';
import { readBundleEntries } from './bundle-reader';
import type { OpenedBundle } from '../../shared/contract/bundles';
import { CACHE_FORMAT_VERSION, readManifest, type CachedFile } from './cache-manifest';
import { cachePaths } from './cache-paths';
import type { RunRecordSource } from './run-record-source';

export interface RunBundlesDeps {
  cache: ArtifactCache;
  dataDir: string;
  appVersion: string;
  /** who is exporting (shown to whoever opens the bundle) */
  exportedBy: () => string;
  activeProfileId: () => string;
  records?: RunRecordSource;
  limits?: Partial<BundleLimits>;
  now?: () => Date;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

// Parquet is already compressed: storing it avoids spending seconds to gain nothing.
const levelFor = (name: string): 0 | 6 => (name.endsWith('.parquet') ? 0 : 6);

function zipAsync(data: AsyncZippable): Promise<Uint8Array> {
  return new Promise((resolve, reject) => zip(data, (err, out) => (err ? reject(err) : resolve(out))));
}

/** Export a cached run as one .fdpbundle file; open one (read-only) into the cache's bundles area. */
export class RunBundles {
  private readonly limits: BundleLimits;
  private readonly now: () => Date;

  constructor(private readonly deps: RunBundlesDeps) {
    this.limits = { ...DEFAULT_BUNDLE_LIMITS, ...deps.limits };
    this.now = deps.now ?? (() => new Date());
  }

  async export(runId: string, destPath?: string): Promise<{ path: string; bytes: number; sha256: string }> {
    const dest = destPath ?? join(this.deps.dataDir, 'exports', `${runId}${BUNDLE_EXTENSION}`);
    if (!isAbsolute(dest) || !dest.toLowerCase().endsWith(BUNDLE_EXTENSION)) {
      throw new AppError(
        'VALIDATION',
        `The bundle must be saved to an absolute path ending in ${BUNDLE_EXTENSION}.`,
        `For example /home/me/${runId}${BUNDLE_EXTENSION}.`,
      );
    }
    if (!(await this.deps.cache.locate(runId))) await this.deps.cache.download(runId);
    // Every file is hashed again now: a damaged copy is never exported.
    const run = await this.deps.cache.open(runId, { full: true, touch: false });
    const files: Record<string, Uint8Array> = {};
    for (const f of run.manifest.files) files[artifactEntry(f.name)] = await readFile(join(run.dir, f.name));
    const { record, events } = await this.runRecord(runId, run.dir, run.origin);
    if (record !== null) files[RECORD_ENTRY] = Buffer.from(JSON.stringify(record, null, 2));
    if (events !== null) files[EVENTS_ENTRY] = Buffer.from(JSON.stringify(events, null, 2));
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      runId,
      exportedAt: this.now().toISOString(),
      exportedBy: this.deps.exportedBy(),
      fromProfile: run.manifest.profileId,
      appVersion: this.deps.appVersion,
      entries: Object.entries(files).map(([name, bytes]) => ({
        name,
        size: bytes.length,
        sha256: sha256(bytes),
      })),
    };
    const zippable: AsyncZippable = {
      [BUNDLE_MANIFEST]: [Buffer.from(JSON.stringify(manifest, null, 2)), { level: 6 }],
    };
    for (const [name, bytes] of Object.entries(files)) zippable[name] = [bytes, { level: levelFor(name) }];
    const out = await zipAsync(zippable);

    await mkdir(dirname(dest), { recursive: true });
    const tmp = `${dest}.partial-${randomBytes(4).toString('hex')}`;
    try {
      const fh = await open(tmp, 'w', 0o644);
      try {
        await fh.writeFile(out);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, dest);
    } catch (e) {
      await rm(tmp, { force: true });
      throw new AppError(
        'INPUT_INVALID',
        `The bundle could not be written to ${dest} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
        'Choose a folder you can write to.',
      );
    }
    return { path: dest, bytes: out.length, sha256: sha256(out) };
  }

  private async runRecord(
    runId: string,
    dir: string,
    origin: 'cache' | 'bundle',
  ): Promise<{ record: unknown; events: unknown[] | null }> {
    if (origin === 'bundle') {
      // Re-exporting an opened bundle carries its record and events along.
      const read = (name: string): Promise<unknown> =>
        readFile(join(dir, name), 'utf8').then(
          (t) => JSON.parse(t) as unknown,
          () => null,
        );
      return {
        record: await read('run-record.json'),
        events: (await read('run-events.json')) as unknown[] | null,
      };
    }
    if (!this.deps.records) return { record: null, events: null };
    // The database may be unreachable (offline laptop): the artifacts alone still make a valid bundle.
    const record = await this.deps.records.getRun(runId).catch(() => null);
    const events = await this.deps.records.getEvents(runId).catch(() => null);
    return { record: record ?? null, events };
  }

  /**
   * `label` names the bundle in messages and in the cache manifest when `filePath` is not the user’s file (an
   * upload's temp file): the user must read the name of the file they chose.
   */
  async open(
    filePath: string,
    options: { label?: string } = {},
  ): Promise<{ runId: string; files: string[]; exportedAt: string; fromProfile: string }> {
    if (!isAbsolute(filePath))
      throw new AppError('VALIDATION', `The bundle path must be absolute (got ${filePath.slice(0, 200)}).`);
    const path = options.label ?? filePath;
    const entries = await readBundleEntries(filePath, this.limits, path);
    const rawManifest = entries.get(BUNDLE_MANIFEST);
    if (!rawManifest) {
      throw bundleRefused(
        path,
        `it is a zip file but not a run bundle (there is no ${BUNDLE_MANIFEST}).`,
        'Choose a file ending in .fdpbundle exported by the portal.',
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(rawManifest.bytes.toString('utf8'));
    } catch {
      throw bundleRefused(path, `its ${BUNDLE_MANIFEST} is not valid JSON.`);
    }
    if (
      typeof json === 'object' &&
      json !== null &&
      (json as { formatVersion?: unknown }).formatVersion !== undefined
    ) {
      const v = (json as { formatVersion: unknown }).formatVersion;
      if (typeof v === 'number' && v > BUNDLE_FORMAT_VERSION) {
        throw bundleRefused(
          path,
          `it was made by a newer version of the portal (bundle format ${v}; this version reads ${BUNDLE_FORMAT_VERSION}).`,
          'Update the portal, then open it again.',
        );
      }
    }
    const parsed = BundleManifestSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw bundleRefused(
        path,
        `its ${BUNDLE_MANIFEST} is not valid (${issue?.path.join('.') || '(root)'}: ${issue?.message}).`,
      );
    }
    const manifest = parsed.data;
    const listed = new Map(manifest.entries.map((e) => [e.name, e]));
    for (const [name, data] of entries) {
      if (name === BUNDLE_MANIFEST) continue;
      const want = listed.get(name);
      if (!want)
        throw bundleRefused(
          path,
          `the entry ${name} is not listed in ${BUNDLE_MANIFEST} (the bundle was changed after export).`,
          'It was not opened; ask for a fresh export.',
        );
      if (want.size !== data.bytes.length || want.sha256 !== data.sha256) {
        throw bundleRefused(
          path,
          `${name} does not match its sha256 in ${BUNDLE_MANIFEST}: the bundle was changed or damaged after export.`,
          'It was not opened; ask for a fresh export.',
        );
      }
    }
    const missing = [...listed.keys()].filter((n) => !entries.has(n));
    if (missing.length > 0)
      throw bundleRefused(path, `it lacks ${missing.join(', ')}, listed in ${BUNDLE_MANIFEST}.`);

    const metaEntry = entries.get(artifactEntry('run_metadata.json'));
    const meta = metaEntry ? RunMetadataSchema.safeParse(safeJson(metaEntry.bytes)) : null;
    if (!meta?.success)
      throw bundleRefused(path, 'its run_metadata.json is missing or does not match the data contract.');
    if (meta.data.run_id !== manifest.runId) {
      throw bundleRefused(
        path,
        `its run_metadata.json is for run ${meta.data.run_id}, not ${manifest.runId}.`,
      );
    }

    const staging = await this.deps.cache.stagingDir(`bundle-${manifest.runId}`);
    try {
      const at = this.now().toISOString();
      const files: CachedFile[] = [];
      for (const file of ARTIFACT_FILES) {
        const data = entries.get(artifactEntry(file));
        if (!data) continue;
        await writeFile(join(staging, file), data.bytes);
        files.push({
          name: file,
          size: data.bytes.length,
          sha256: data.sha256,
          downloadedAt: at,
          source: `bundle:${path}#${artifactEntry(file)}`,
        });
      }
      const record = entries.get(RECORD_ENTRY);
      if (record) await writeFile(join(staging, 'run-record.json'), record.bytes);
      const events = entries.get(EVENTS_ENTRY);
      if (events) await writeFile(join(staging, 'run-events.json'), events.bytes);
      const bundleSha = createHash('sha256')
        .update(await readFile(filePath))
        .digest('hex');
      await this.deps.cache.commitBundle(staging, {
        formatVersion: CACHE_FORMAT_VERSION,
        runId: manifest.runId,
        origin: 'bundle',
        profileId: manifest.fromProfile,
        createdAt: at,
        lastOpenedAt: null,
        files,
        bundle: { path, exportedAt: manifest.exportedAt, sha256: bundleSha },
      });
    } catch (e) {
      await rm(staging, { recursive: true, force: true });
      if (isAppError(e)) throw e;
      throw new AppError(
        'INTERNAL',
        `The bundle could not be imported into the cache (${(e as Error).message}).`,
      );
    }
    return {
      runId: manifest.runId,
      files: manifest.entries.map((e) => e.name),
      exportedAt: manifest.exportedAt,
      fromProfile: manifest.fromProfile,
    };
  }

  /** The bundles opened on this computer, newest first. */
  async list(): Promise<OpenedBundle[]> {
    const runs = (await this.deps.cache.list()).runs.filter((r) => r.origin === 'bundle');
    const out: OpenedBundle[] = [];
    for (const run of runs) {
      const manifest = await readManifest(cachePaths(this.deps.dataDir).bundleRun(run.runId)).catch(
        () => null,
      );
      if (!manifest?.bundle) continue;
      out.push({
        runId: run.runId,
        file: basename(manifest.bundle.path.replaceAll('\\', '/')),
        exportedAt: manifest.bundle.exportedAt,
        fromProfile: manifest.profileId,
        openedAt: manifest.createdAt,
        sizeBytes: run.sizeBytes,
        finishedAt: run.finishedAt,
      });
    }
    return out.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }

  /** The record and events that came with an opened bundle (null/[] when it had none). */
  async bundledRecord(runId: string): Promise<{ record: unknown; events: unknown[] }> {
    const found = await this.deps.cache.locate(runId);
    if (!found || found.manifest.origin !== 'bundle') return { record: null, events: [] };
    const r = await this.runRecord(runId, found.dir, 'bundle');
    return { record: r.record, events: r.events ?? [] };
  }
}

function safeJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
