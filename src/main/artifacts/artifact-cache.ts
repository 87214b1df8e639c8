import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACT_FILES } from '../../shared/artifacts';
import type { CachedRun, CacheList, CacheOrigin, MakeAvailableResult } from '../../shared/contract/artifacts';
import { AppError, isAppError } from '../../shared/contract/errors';
import type { OneLakeClient } from '../fabric';
import { sha256File } from '../ingest/file-hash';
import { cachePaths, checkRunId, BUNDLES_AREA, CACHE_SETTINGS_FILE, STAGING_AREA } from './cache-paths';
import {
  manifestBytes,
  readManifest,
  writeManifest,
  CACHE_FORMAT_VERSION,
  type CachedFile,
  type CacheManifest,
} from './cache-manifest';

/** What the cache needs of the active profile: its id and its OneLake client. */
export interface OneLakeSource {
  profileId: string;
  onelake: Pick<OneLakeClient, 'list' | 'download'>;
}
/** Throws AppError OFFLINE (or FABRIC_*) when there is no usable connection. */
export type OneLakeSourceProvider = () => Promise<OneLakeSource>;

export interface DownloadProgress {
  runId: string;
  bytesDone: number;
  bytesTotal: number;
  state: 'downloading' | 'done' | 'failed';
}

export interface ArtifactCacheDeps {
  dataDir: string;
  source: OneLakeSourceProvider;
  /** the profile whose cached runs are opened (works offline, unlike source) */
  activeProfileId: () => string;
  onProgress?: (p: DownloadProgress) => void;
  warn?: (message: string, fields?: Record<string, unknown>) => void;
  now?: () => Date;
  /** default limit when none was set (2 GiB) */
  defaultLimitBytes?: number;
}

/** A verified run folder, ready to read. */
export interface OpenedRun {
  runId: string;
  origin: CacheOrigin;
  dir: string;
  manifest: CacheManifest;
}

export const RUNS_PREFIX = 'Files/results/runs';
const DEFAULT_LIMIT = 2 * 1024 ** 3;
const PROGRESS_STEP_BYTES = 256 * 1024;

const damagedError = (runId: string, files: string[], hint: string): AppError =>
  new AppError(
    'INPUT_INVALID',
    `The offline copy of run ${runId} is damaged: ${files.join(', ')} ${files.length === 1 ? 'does' : 'do'} not match the manifest (size or sha256). It is not shown.`,
    hint,
  );

export class ArtifactCache {
  private readonly paths;
  private readonly verified = new Set<string>();
  private readonly pinned = new Map<string, number>();
  private readonly inflight = new Map<
    string,
    Promise<{ state: 'downloaded' | 'already-cached'; bytes: number }>
  >();
  private limitBytes: number | null = null;
  private readonly now: () => Date;

  constructor(private readonly deps: ArtifactCacheDeps) {
    this.paths = cachePaths(deps.dataDir);
    this.now = deps.now ?? (() => new Date());
  }

  /** Removes what a crash left in staging; call once at start. */
  async init(): Promise<void> {
    await rm(this.paths.staging, { recursive: true, force: true });
    await mkdir(this.paths.staging, { recursive: true });
  }

  // ---- limit ------------------------------------------------------------------------------------------

  async getLimit(): Promise<number> {
    if (this.limitBytes !== null) return this.limitBytes;
    try {
      const json = JSON.parse(await readFile(join(this.paths.root, CACHE_SETTINGS_FILE), 'utf8')) as {
        limitBytes?: unknown;
      };
      if (typeof json.limitBytes === 'number' && json.limitBytes > 0) this.limitBytes = json.limitBytes;
    } catch {
      // no settings yet (or unreadable): the default applies
    }
    return this.limitBytes ?? this.deps.defaultLimitBytes ?? DEFAULT_LIMIT;
  }

  async setLimit(limitBytes: number): Promise<{ limitBytes: number; evicted: string[] }> {
    await mkdir(this.paths.root, { recursive: true });
    await writeFile(join(this.paths.root, CACHE_SETTINGS_FILE), JSON.stringify({ limitBytes }) + '\n');
    this.limitBytes = limitBytes;
    return { limitBytes, evicted: await this.evict() };
  }

  // ---- listing ----------------------------------------------------------------------------------------

  private async manifestsIn(areaDir: string): Promise<{ dir: string; manifest: CacheManifest }[]> {
    let names: string[];
    try {
      names = await readdir(areaDir);
    } catch {
      return [];
    }
    const out: { dir: string; manifest: CacheManifest }[] = [];
    for (const name of names) {
      const dir = join(areaDir, name);
      try {
        const manifest = await readManifest(dir);
        if (manifest) out.push({ dir, manifest });
      } catch (e) {
        this.deps.warn?.('Offline cache: unreadable manifest skipped', { dir, error: String(e) });
      }
    }
    return out;
  }

  private async allRuns(): Promise<{ dir: string; manifest: CacheManifest }[]> {
    let areas: string[];
    try {
      areas = await readdir(this.paths.root, { withFileTypes: true }).then((d) =>
        d.filter((e) => e.isDirectory() && e.name !== STAGING_AREA).map((e) => e.name),
      );
    } catch {
      return [];
    }
    const out = [];
    for (const area of areas) out.push(...(await this.manifestsIn(join(this.paths.root, area))));
    return out;
  }

  async list(): Promise<CacheList> {
    const runs: CachedRun[] = [];
    for (const { dir, manifest } of await this.allRuns()) {
      const meta = await readFile(join(dir, 'run_metadata.json'), 'utf8')
        .then((t) => JSON.parse(t) as { finished_at?: unknown; status?: unknown })
        .catch(() => null);
      runs.push({
        runId: manifest.runId,
        origin: manifest.origin,
        profileId: manifest.profileId,
        sizeBytes: manifestBytes(manifest),
        files: manifest.files.length,
        downloadedAt: manifest.createdAt,
        lastOpenedAt: manifest.lastOpenedAt,
        finishedAt: typeof meta?.finished_at === 'string' ? meta.finished_at : null,
        status: meta?.status === 'succeeded' || meta?.status === 'failed' ? meta.status : null,
      });
    }
    runs.sort((a, b) => (b.finishedAt ?? b.downloadedAt).localeCompare(a.finishedAt ?? a.downloadedAt));
    return {
      runs,
      totalBytes: runs.reduce((s, r) => s + r.sizeBytes, 0),
      limitBytes: await this.getLimit(),
    };
  }

  /** Folder of a run: the active profile's copy first, then an imported bundle. */
  async locate(runId: string): Promise<{ dir: string; manifest: CacheManifest } | null> {
    checkRunId(runId);
    for (const dir of [this.paths.run(this.deps.activeProfileId(), runId), this.paths.bundleRun(runId)]) {
      const manifest = await readManifest(dir);
      if (manifest) return { dir, manifest };
    }
    return null;
  }

  // ---- download ---------------------------------------------------------------------------------------

  async makeAvailable(request: { runIds?: string[]; latest?: number }): Promise<MakeAvailableResult> {
    let runIds = request.runIds ?? [];
    if (request.latest !== undefined) runIds = await this.latestRunIds(request.latest);
    const runs: MakeAvailableResult['runs'] = [];
    for (const runId of runIds) {
      try {
        runs.push({ runId, ...(await this.download(runId)) });
      } catch (e) {
        const err = isAppError(e) ? e : new AppError('INTERNAL', `Downloading run ${runId} failed.`);
        runs.push({ runId, state: 'failed', bytes: 0, error: err.toData() });
      }
    }
    return { runs };
  }

  /** The newest finished runs in the lakehouse (by the time run_metadata.json was written). */
  async latestRunIds(n: number): Promise<string[]> {
    const { onelake } = await this.deps.source();
    const entries = await onelake.list(RUNS_PREFIX, { recursive: true });
    const finished = entries
      .filter((e) => !e.isDirectory && e.name === 'run_metadata.json')
      .map((e) => ({ runId: e.path.split('/').at(-2) as string, at: e.lastModified }))
      .sort((a, b) => b.at.localeCompare(a.at));
    return finished.slice(0, n).map((f) => f.runId);
  }

  /** Downloads a run unless it is cached already; concurrent calls for one run share one download. */
  download(runId: string): Promise<{ state: 'downloaded' | 'already-cached'; bytes: number }> {
    checkRunId(runId);
    const existing = this.inflight.get(runId);
    if (existing) return existing;
    const p = this.downloadOnce(runId).finally(() => this.inflight.delete(runId));
    this.inflight.set(runId, p);
    return p;
  }

  private async downloadOnce(
    runId: string,
  ): Promise<{ state: 'downloaded' | 'already-cached'; bytes: number }> {
    const profileId = this.deps.activeProfileId();
    const finalDir = this.paths.run(profileId, runId);
    const cached = await readManifest(finalDir).catch(() => null);
    // Run folders are immutable snapshots: a cached run is never downloaded again (only damaged files are).
    if (cached) return { state: 'already-cached', bytes: manifestBytes(cached) };
    const { onelake, profileId: sourceProfile } = await this.deps.source();
    if (sourceProfile !== profileId) {
      throw new AppError('CONFLICT', 'The active profile changed while downloading; try again.');
    }
    const runPath = `${RUNS_PREFIX}/${runId}`;
    const order = (name: string): number => (ARTIFACT_FILES as readonly string[]).indexOf(name);
    const entries = (await onelake.list(runPath))
      .filter((e) => !e.isDirectory && order(e.name) >= 0)
      .sort((a, b) => order(a.name) - order(b.name));
    if (!entries.some((e) => e.name === 'run_metadata.json')) {
      throw new AppError(
        'NOT_FOUND',
        `Run ${runId} has no results in the lakehouse yet (no run_metadata.json under ${runPath}).`,
        'Wait until the run has finished, then make it available offline.',
      );
    }
    const total = entries.reduce((s, e) => s + e.size, 0);
    const staging = join(this.paths.staging, `${runId}-${randomBytes(4).toString('hex')}`);
    await mkdir(staging, { recursive: true });
    const progress = (bytesDone: number, state: DownloadProgress['state']): void =>
      this.deps.onProgress?.({ runId, bytesDone, bytesTotal: total, state });
    let done = 0;
    try {
      const files: CachedFile[] = [];
      for (const entry of entries) {
        let lastReported = done;
        const base = done;
        const target = join(staging, entry.name);
        const { bytes } = await onelake.download(entry.path, target, {
          onProgress: (loaded) => {
            if (base + loaded - lastReported >= PROGRESS_STEP_BYTES) {
              lastReported = base + loaded;
              progress(lastReported, 'downloading');
            }
          },
        });
        done = base + bytes;
        progress(done, 'downloading');
        files.push({
          name: entry.name,
          size: (await stat(target)).size,
          sha256: await sha256File(target),
          downloadedAt: this.now().toISOString(),
          source: `onelake:${entry.path}`,
        });
      }
      await writeManifest(staging, {
        formatVersion: CACHE_FORMAT_VERSION,
        runId,
        origin: 'cache',
        profileId,
        createdAt: this.now().toISOString(),
        lastOpenedAt: null,
        files,
      });
      await mkdir(this.paths.profile(profileId), { recursive: true });
      try {
        await rename(staging, finalDir);
      } catch (e) {
        // Another process (or window) finished the same run first: theirs is just as good.
        if ((await readManifest(finalDir).catch(() => null)) === null) throw e;
      }
      // The files just hashed are the ones now in place.
      this.verified.add(finalDir);
      progress(done, 'done');
    } catch (e) {
      progress(done, 'failed');
      throw e;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    // The download itself succeeded; a failed eviction (e.g. racing another one) must not report it failed.
    await this.evict().catch((e: unknown) =>
      this.deps.warn?.('Offline cache: eviction failed', { error: String(e) }),
    );
    return { state: 'downloaded', bytes: done };
  }

  // ---- open and verify --------------------------------------------------------------------------------

  /**
   * A cached run, checked against its manifest: sizes always, sha256 the first time in this session (or
   * when `full`). Damaged files of a downloaded run are fetched again when online; otherwise the run is
   * refused with a clear error, never read.
   */
  async open(runId: string, options: { full?: boolean; touch?: boolean } = {}): Promise<OpenedRun> {
    let found = await this.locate(runId);
    if (!found) {
      // Viewing a run that is not cached yet caches it, when the lakehouse can be reached.
      try {
        await this.download(runId);
      } catch (e) {
        const why = isAppError(e) ? e.message : String(e);
        throw new AppError(
          'NOT_FOUND',
          `Run ${runId} is not available offline, and downloading it failed: ${why}`,
          'Make it available offline (or open its .fdpbundle file) while connected.',
        );
      }
      found = await this.locate(runId);
      if (!found) throw new AppError('NOT_FOUND', `Run ${runId} is not available offline.`);
    }
    let { manifest } = found;
    const { dir } = found;
    const full = options.full === true || !this.verified.has(dir);
    const damaged = await this.damagedFiles(dir, manifest, full);
    if (damaged.length > 0) {
      if (manifest.origin === 'bundle') {
        throw damagedError(runId, damaged, 'Open the .fdpbundle file again to import a fresh copy.');
      }
      manifest = await this.refetch(runId, dir, manifest, damaged);
    }
    if (full) this.verified.add(dir);
    if (options.touch !== false) {
      manifest = { ...manifest, lastOpenedAt: this.now().toISOString() };
      await writeManifest(dir, manifest);
    }
    return { runId, origin: manifest.origin, dir, manifest };
  }

  async verify(runId: string): Promise<{ runId: string; ok: boolean; damaged: string[] }> {
    const found = await this.locate(runId);
    if (!found) throw new AppError('NOT_FOUND', `Run ${runId} is not available offline.`);
    const damaged = await this.damagedFiles(found.dir, found.manifest, true);
    if (damaged.length === 0) this.verified.add(found.dir);
    else this.verified.delete(found.dir);
    return { runId, ok: damaged.length === 0, damaged };
  }

  private async damagedFiles(dir: string, manifest: CacheManifest, full: boolean): Promise<string[]> {
    const damaged: string[] = [];
    for (const f of manifest.files) {
      const path = join(dir, f.name);
      const size = await stat(path).then(
        (s) => s.size,
        () => -1,
      );
      if (size !== f.size || (full && (await sha256File(path)) !== f.sha256)) damaged.push(f.name);
    }
    return damaged;
  }

  private async refetch(
    runId: string,
    dir: string,
    manifest: CacheManifest,
    damaged: string[],
  ): Promise<CacheManifest> {
    this.verified.delete(dir);
    let source: OneLakeSource;
    try {
      source = await this.deps.source();
    } catch (e) {
      const why = isAppError(e) ? e.message : 'the lakehouse cannot be reached';
      throw damagedError(
        runId,
        damaged,
        `It is downloaded again when the lakehouse can be reached (${why}).`,
      );
    }
    const files = [...manifest.files];
    for (const name of damaged) {
      const index = files.findIndex((f) => f.name === name);
      const entry = files[index] as CachedFile;
      const lakePath = entry.source.startsWith('onelake:')
        ? entry.source.slice('onelake:'.length)
        : `${RUNS_PREFIX}/${runId}/${name}`;
      const tmp = join(dir, `${name}.refetch-${randomBytes(4).toString('hex')}`);
      try {
        await source.onelake.download(lakePath, tmp);
        const sha = await sha256File(tmp);
        const size = (await stat(tmp)).size;
        if (sha !== entry.sha256) {
          this.deps.warn?.('Offline cache: the lakehouse copy differs from the one first downloaded', {
            runId,
            file: name,
          });
        }
        await rename(tmp, join(dir, name));
        files[index] = { ...entry, size, sha256: sha, downloadedAt: this.now().toISOString() };
      } catch (e) {
        await rm(tmp, { force: true });
        const why = isAppError(e) ? e.message : String(e);
        throw damagedError(runId, damaged, `Downloading it again failed (${why}); try again when connected.`);
      }
    }
    const next = { ...manifest, files };
    await writeManifest(dir, next);
    this.verified.add(dir);
    this.deps.warn?.('Offline cache: damaged files downloaded again', { runId, files: damaged });
    return next;
  }

  // ---- pinning, removal, eviction -----------------------------------------------------------------------

  /** Marks a run as open (never evicted) until the returned function is called. */
  pin(runId: string): () => void {
    this.pinned.set(runId, (this.pinned.get(runId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.pinned.get(runId) ?? 1) - 1;
      if (n <= 0) this.pinned.delete(runId);
      else this.pinned.set(runId, n);
    };
  }

  async remove(runId: string, origin: CacheOrigin): Promise<{ removed: boolean; freedBytes: number }> {
    const dir =
      origin === 'bundle' ? this.paths.bundleRun(runId) : this.paths.run(this.deps.activeProfileId(), runId);
    const manifest = await readManifest(dir).catch(() => null);
    if (!manifest) return { removed: false, freedBytes: 0 };
    await this.removeDir(dir);
    return { removed: true, freedBytes: manifestBytes(manifest) };
  }

  /** Renamed into staging first, so a crash mid-delete leaves nothing that looks cached. */
  private async removeDir(dir: string): Promise<void> {
    const trash = join(this.paths.staging, `trash-${randomBytes(6).toString('hex')}`);
    await mkdir(this.paths.staging, { recursive: true });
    await rename(dir, trash);
    this.verified.delete(dir);
    await rm(trash, { recursive: true, force: true });
  }

  /** Least recently opened downloaded runs go first; open runs and imported bundles are never evicted. */
  async evict(): Promise<string[]> {
    const limit = await this.getLimit();
    const all = await this.allRuns();
    let total = all.reduce((s, r) => s + manifestBytes(r.manifest), 0);
    const candidates = all
      .filter(
        (r) =>
          r.manifest.origin === 'cache' &&
          !this.pinned.has(r.manifest.runId) &&
          !this.inflight.has(r.manifest.runId),
      )
      .sort((a, b) =>
        (a.manifest.lastOpenedAt ?? a.manifest.createdAt).localeCompare(
          b.manifest.lastOpenedAt ?? b.manifest.createdAt,
        ),
      );
    const evicted: string[] = [];
    for (const r of candidates) {
      if (total <= limit) break;
      await this.removeDir(r.dir);
      total -= manifestBytes(r.manifest);
      evicted.push(r.manifest.runId);
    }
    return evicted;
  }

  // ---- bundles ------------------------------------------------------------------------------------------

  /** A new folder in staging for an import; `commitBundle` moves it into the bundles area. */
  async stagingDir(label: string): Promise<string> {
    const dir = join(this.paths.staging, `${label}-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async commitBundle(staging: string, manifest: CacheManifest): Promise<string> {
    await writeManifest(staging, manifest);
    const finalDir = this.paths.bundleRun(manifest.runId);
    await mkdir(join(this.paths.root, BUNDLES_AREA), { recursive: true });
    if (await readManifest(finalDir).catch(() => null)) await this.removeDir(finalDir);
    else await rm(finalDir, { recursive: true, force: true });
    await rename(staging, finalDir);
    this.verified.add(finalDir);
    return finalDir;
  }
}
