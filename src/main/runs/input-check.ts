import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { isInputPath } from '../../shared/contract/runs';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import { sha256File } from '../ingest/file-hash';
import type { RunInspector } from './run-deps';

export interface CheckedInput {
  path: string;
  name: string;
  size: number;
  sha256: string;
}

/**
 * The file-level checks before a run: the workbook exists in OneLake, is an .xlsx the reader can open, and
 * has every required column. It is downloaded to a temp file for the inspector and deleted afterwards.
 */
export async function checkInput(
  deps: { onelake: OneLakeClient; inspector: RunInspector; tmpDir?: string },
  path: string,
  signal?: AbortSignal,
): Promise<CheckedInput> {
  if (!isInputPath(path)) {
    throw new AppError(
      'VALIDATION',
      `${path} is not a workbook path under Files/import/.`,
      'Give the lakehouse path of an .xlsx file, e.g. Files/import/sales_orders_fact.xlsx.',
    );
  }
  const st = await deps.onelake.stat(path).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'NOT_FOUND') {
      throw new AppError(
        'NOT_FOUND',
        `The workbook ${path} does not exist in the lakehouse.`,
        'Upload it first (Import page, or `portal files upload`), or pick one from `portal files list`.',
      );
    }
    throw e;
  });
  if (st.isDirectory) {
    throw new AppError('INPUT_INVALID', `${path} is a folder, not a workbook.`, 'Pick an .xlsx file.');
  }
  const dir = await mkdtemp(join(deps.tmpDir ?? tmpdir(), 'portal-input-'));
  try {
    const local = join(dir, `${randomUUID()}.xlsx`);
    await deps.onelake.download(path, local, signal ? { signal } : {});
    const result = await deps.inspector.preflight(local, signal);
    if (!result.ok) {
      const first = result.problems[0];
      const all = result.problems.map((p) => p.message).join(' ');
      throw new AppError(
        first?.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INPUT_INVALID',
        `${basename(path)} cannot be run: ${all.replaceAll(local, path)}`,
        first?.hint,
      );
    }
    const size = (await stat(local)).size;
    return { path, name: basename(path), size, sha256: await sha256File(local, signal) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
