import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { isInputPath, type FileInspection, type ImportFile } from '../../shared/contract/runs';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import type { RunInspector } from './run-deps';

export const IMPORT_DIR = 'Files/import';

/** The workbooks in Files/import: list, upload, and inspection through the workbook inspector. */
export class ImportFiles {
  constructor(private readonly deps: { onelake: OneLakeClient; inspector: RunInspector; tmpDir?: string }) {}

  async list(): Promise<ImportFile[]> {
    const entries = await this.deps.onelake.list(IMPORT_DIR).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return [];
      throw e;
    });
    return entries
      .filter((e) => !e.isDirectory && /\.xlsx$/i.test(e.name))
      .map((e) => ({ path: e.path, name: e.name, size: e.size, lastModified: e.lastModified }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async upload(localPath: string, name = basename(localPath)): Promise<ImportFile> {
    const path = `${IMPORT_DIR}/${name}`;
    if (!isInputPath(path)) {
      throw new AppError(
        'VALIDATION',
        `"${name}" is not a valid workbook name.`,
        'Use a file name ending in .xlsx, without / or \\.',
      );
    }
    const st = await stat(localPath).catch(() => {
      throw new AppError('NOT_FOUND', `The local file ${localPath} does not exist.`, 'Check the path.');
    });
    if (!st.isFile()) throw new AppError('VALIDATION', `${localPath} is not a file.`);
    await this.deps.onelake.upload(path, createReadStream(localPath));
    const after = await this.deps.onelake.stat(path);
    return { path, name, size: after.size, lastModified: after.lastModified };
  }

  async inspect(path: string, maxRows = 50): Promise<FileInspection> {
    if (!isInputPath(path)) {
      throw new AppError('VALIDATION', `${path} is not a workbook path under Files/import/.`);
    }
    const dir = await mkdtemp(join(this.deps.tmpDir ?? tmpdir(), 'portal-inspect-'));
    try {
      const local = join(dir, 'workbook.xlsx');
      await this.deps.onelake.download(path, local);
      const r = await this.deps.inspector.inspectWorkbook(local, { maxPreviewRows: maxRows });
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
