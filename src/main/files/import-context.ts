import { ImportProfileSchema } from '../../shared/artifacts';
import { AppError } from '../../shared/contract/errors';
import type { ImportBaseline, ImportContext } from '../../shared/contract/files';
import type { Run, RunList, RunListQuery } from '../../shared/contract/runs';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';

export interface ImportContextDeps {
  /** who a run started now is recorded as (the signed-in analyst, else the install's user@host): read each time */
  requestedBy: () => string;
  maxUploadBytes: number;
  chunkBytes: number;
  onelake: () => Promise<OneLakeClient>;
  listRuns: (query: RunListQuery) => Promise<RunList>;
}

/** import_profile.json is small (at most 10,000 rejected rows); anything larger is not ours. */
const MAX_PROFILE_BYTES = 16 * 1024 * 1024;

/**
 * What the Import page compares a workbook with: the import profile the last successful run wrote to
 * Files/results/runs/<id>/import_profile.json. A missing or unreadable profile is a note, not an error, so
 * the rest of the page still works.
 */
export class ImportContextReader {
  constructor(private readonly deps: ImportContextDeps) {}

  async read(): Promise<ImportContext> {
    const base = {
      requestedBy: this.deps.requestedBy(),
      maxUploadBytes: this.deps.maxUploadBytes,
      chunkBytes: this.deps.chunkBytes,
    };
    const { runs } = await this.deps.listRuns({
      limit: 1,
      offset: 0,
      status: ['Completed'],
      sort: 'finishedAt',
      direction: 'desc',
    });
    const run = runs[0];
    if (!run) return { ...base, baseline: null, baselineNote: 'No run has completed yet.' };
    try {
      return { ...base, baseline: await this.baseline(run), baselineNote: null };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return {
        ...base,
        baseline: null,
        baselineNote: `The input profile of the last successful run (${run.runId}) cannot be read: ${why}`,
      };
    }
  }

  private async baseline(run: Run): Promise<ImportBaseline> {
    const onelake = await this.deps.onelake();
    const path = `Files/results/runs/${run.runId}/import_profile.json`;
    const st = await onelake.stat(path);
    if (st.size > MAX_PROFILE_BYTES) {
      throw new AppError('INPUT_INVALID', `${path} is ${st.size} bytes, larger than any import profile.`);
    }
    const text = (await onelake.readRange(path, 0, st.size)).toString('utf8');
    const parsed = ImportProfileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new AppError('INPUT_INVALID', `${path} does not match the data contract.`);
    return {
      runId: run.runId,
      inputName: run.inputName,
      inputPath: run.inputPath,
      finishedAt: run.finishedAt,
      profile: parsed.data,
    };
  }
}
