import { ImportProfileSchema } from '../../shared/artifacts';
import type { RunDetail, RunRestore, RunRuleCount } from '../../shared/contract/archive';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import type { RestoreHistory } from './restore-history';
import type { ResultsReader } from './results';
import { publicRun, type RunRepo } from './run-repo';

const runFolder = (runId: string): string => `Files/results/runs/${runId}`;
const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * What the Archive shows about one run. The database record always comes back; the parts read from
 * OneLake (KPIs, rule counts, file list) each say why they are missing instead of failing the whole view,
 * so a run stays inspectable while OneLake is unreachable or the run never wrote its artifacts.
 */
export class RunDetails {
  constructor(
    private readonly deps: {
      runs: RunRepo;
      history: RestoreHistory;
      results: ResultsReader;
      onelake: OneLakeClient;
    },
  ) {}

  async detail(runId: string): Promise<RunDetail> {
    const row = await this.deps.runs.require(runId);
    const [results, rules, artifacts, restores, currentRunId] = await Promise.all([
      this.deps.results.current(runId).catch((e: unknown): RunDetail['results'] => ({
        runId,
        source: 'none',
        reason: `The KPIs could not be read (${reasonOf(e)}).`,
        path: null,
        kpis: null,
      })),
      this.rules(runId),
      this.artifacts(runId),
      this.deps.history.list(runId, 100),
      this.deps.runs.currentRunId(),
    ]);
    return {
      run: publicRun(row),
      results,
      ...rules,
      ...artifacts,
      restores,
      isCurrent: currentRunId === runId,
    };
  }

  async restores(
    runId: string | undefined,
    limit: number,
  ): Promise<{ restores: RunRestore[]; currentRunId: string | null }> {
    const [restores, currentRunId] = await Promise.all([
      this.deps.history.list(runId ?? null, limit),
      this.deps.runs.currentRunId(),
    ]);
    return { restores, currentRunId };
  }

  private async rules(runId: string): Promise<{ rules: RunRuleCount[] | null; rulesReason: string | null }> {
    const path = `${runFolder(runId)}/import_profile.json`;
    try {
      const { onelake } = this.deps;
      if (!(await onelake.exists(path))) {
        return { rules: null, rulesReason: `The run wrote no ${path}.` };
      }
      const st = await onelake.stat(path);
      const bytes = st.size > 0 ? await onelake.readRange(path, 0, st.size) : Buffer.alloc(0);
      const parsed = ImportProfileSchema.safeParse(JSON.parse(bytes.toString('utf8')));
      if (!parsed.success) {
        return { rules: null, rulesReason: `${path} does not match the data contract.` };
      }
      return {
        rules: parsed.data.rules.map(({ id, description, severity, count }) => ({
          id,
          description,
          severity,
          count,
        })),
        rulesReason: null,
      };
    } catch (e) {
      return { rules: null, rulesReason: `${path} could not be read (${reasonOf(e)}).` };
    }
  }

  private async artifacts(runId: string): Promise<Pick<RunDetail, 'artifacts' | 'artifactsReason'>> {
    const folder = runFolder(runId);
    try {
      if (!(await this.deps.onelake.exists(folder))) {
        return { artifacts: [], artifactsReason: `The run has no folder ${folder}/ in OneLake.` };
      }
      const entries = await this.deps.onelake.list(folder, { recursive: true });
      return {
        artifacts: entries
          .filter((e) => !e.isDirectory)
          .map((e) => ({ name: e.path.slice(folder.length + 1), size: e.size }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        artifactsReason: null,
      };
    } catch (e) {
      return { artifacts: [], artifactsReason: `${folder}/ could not be listed (${reasonOf(e)}).` };
    }
  }
}
