import type { SaveArtifactsResult, SaveProgress } from '../../../../shared/contract/artifacts';
import type { AppErrorData } from '../../../../shared/contract/errors';
import type { Portal } from '../../portal';

/** One artifact being saved (to a folder, or downloaded by the browser), as the panel shows it. */
export interface FileSave {
  state: 'saving' | 'done' | 'failed';
  bytesDone: number;
  bytesTotal: number;
  error: AppErrorData | null;
}

export interface SavesSnapshot {
  runId: string | null;
  files: Record<string, FileSave>;
  /** the outcome of the last Save to folder… (Electron) */
  saved: { folder: string; files: { name: string; savedAs: string }[] } | null;
  /** why the last save could not start (damaged copy, run gone, dialog refused…) */
  error: AppErrorData | null;
}

const EMPTY: SavesSnapshot = { runId: null, files: {}, saved: null, error: null };

/** Starts a browser download of a same-origin address (the preview host's one-time /download/<id>). */
export type StartDownload = (url: string, name: string) => void;

export const startBrowserDownload: StartDownload = (url, name) => {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
};

/**
 * Saving a run's artifacts out of the cache: `artifacts.save` shows the native folder dialog in the app, or
 * hands out one-time addresses the browser downloads in the preview host. Progress comes from main's
 * save.progress events in both cases (main counts the bytes it copies or sends).
 */
export class ArtifactSaves {
  private snapshot: SavesSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly portal: Portal,
    private readonly startDownload: StartDownload = startBrowserDownload,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SavesSnapshot => this.snapshot;

  /** Follows main's progress events; returns the unsubscribe function. */
  connect(): () => void {
    return this.portal.on('save.progress', (p) => this.progress(p));
  }

  /** Shows the saves of another run (the panel's run changed): earlier progress is forgotten. */
  setRun(runId: string | null): void {
    if (runId !== this.snapshot.runId) this.set({ ...EMPTY, runId });
  }

  /** Saves the named files (or all of them). */
  async save(runId: string, names?: string[]): Promise<void> {
    this.setRun(runId);
    this.set({ ...this.snapshot, saved: null, error: null });
    const r = await this.portal.invoke('artifacts.save', names ? { runId, files: names } : { runId });
    if (runId !== this.snapshot.runId) return;
    if (!r.ok) {
      this.set({ ...this.snapshot, error: r.error });
      return;
    }
    this.result(r.value);
  }

  private result(value: SaveArtifactsResult): void {
    if (value.kind === 'cancelled') return;
    if (value.kind === 'saved') {
      this.set({ ...this.snapshot, saved: { folder: value.folder, files: value.files } });
      return;
    }
    for (const f of value.files) {
      // Shown at once: the first progress event arrives only when the browser starts fetching.
      this.setFile(f.name, { state: 'saving', bytesDone: 0, bytesTotal: f.bytes, error: null });
      this.startDownload(f.url, f.name);
    }
  }

  private progress(p: SaveProgress): void {
    if (p.runId !== this.snapshot.runId) return;
    this.setFile(p.name, {
      state: p.state,
      bytesDone: p.bytesDone,
      bytesTotal: p.bytesTotal,
      error: p.error ?? null,
    });
  }

  private setFile(name: string, save: FileSave): void {
    this.set({ ...this.snapshot, files: { ...this.snapshot.files, [name]: save } });
  }

  private set(next: SavesSnapshot): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
