import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/contract/errors';
import type { InspectPreview } from '../../shared/contract/files';
import type { FileInspection } from '../../shared/contract/runs';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import type { WorkbookInspector } from '../ingest/workbook-inspector';

export interface InspectProgress {
  requestId: string;
  path: string;
  phase: 'downloading' | 'preview' | 'reading';
  rowsRead: number;
  preview: InspectPreview | null;
}

export interface LiveInspectionDeps {
  onelake: () => Promise<OneLakeClient>;
  inspector: Pick<WorkbookInspector, 'quickPreview' | 'inspectWorkbook'>;
  tmpDir: string;
  onProgress: (p: InspectProgress) => void;
  /** least time between two "reading" reports (default 200 ms) */
  progressEveryMs?: number;
}

/**
 * Inspects a workbook of Files/import so the page can show something at once: it downloads the file once,
 * pushes the first rows as soon as they are read (a preview stops inflating the sheet early), then runs the
 * full inspection (schema, types, null counts, rules) reporting rows read as it goes.
 */
export class LiveInspection {
  constructor(private readonly deps: LiveInspectionDeps) {}

  async inspect(path: string, requestId: string, maxRows: number): Promise<FileInspection> {
    const report = (p: Omit<InspectProgress, 'requestId' | 'path'>): void =>
      this.deps.onProgress({ requestId, path, ...p });
    const onelake = await this.deps.onelake();
    const dir = await mkdtemp(join(this.deps.tmpDir, 'portal-inspect-'));
    const local = join(dir, 'workbook.xlsx');
    // Messages of the reader name the temp file; the user knows the workbook by its lakehouse path.
    const named = (e: unknown): unknown =>
      e instanceof AppError
        ? new AppError(e.code, e.message.replaceAll(local, path), e.hint?.replaceAll(local, path))
        : e;
    try {
      report({ phase: 'downloading', rowsRead: 0, preview: null });
      await onelake.download(path, local).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'NOT_FOUND') {
          throw new AppError(
            'NOT_FOUND',
            `${path} is no longer in the lakehouse.`,
            'Refresh the list: it may have been renamed or deleted.',
          );
        }
        throw e;
      });
      const first = await this.deps.inspector.quickPreview(local, maxRows).catch((e: unknown) => {
        throw named(e);
      });
      const preview: InspectPreview = {
        sheet: first.sheet,
        headerRow: first.headerRow,
        columns: first.columns,
        missingRequired: first.missingRequired,
        rows: first.rows.slice(0, maxRows),
      };
      report({ phase: 'preview', rowsRead: first.rows.length, preview });
      const every = this.deps.progressEveryMs ?? 200;
      let last = 0;
      const r = await this.deps.inspector
        .inspectWorkbook(local, {
          maxPreviewRows: maxRows,
          onProgress: (rowsRead) => {
            const now = Date.now();
            if (now - last < every) return;
            last = now;
            report({ phase: 'reading', rowsRead, preview: null });
          },
        })
        .catch((e: unknown) => {
          throw named(e);
        });
      return {
        path,
        sheet: r.sheet,
        headerRow: r.headerRow,
        columns: r.columns,
        missingRequired: r.missingRequired,
        rows: r.rows.slice(0, maxRows),
        profile: r.profile,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
