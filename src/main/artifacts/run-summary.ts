import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { ImportProfileSchema, KpisSchema, RunMetadataSchema } from '../../shared/artifacts';
import type { RunSummary } from '../../shared/contract/artifacts';
import { AppError } from '../../shared/contract/errors';
import type { OpenedRun } from './artifact-cache';

/** One JSON artifact, validated against its contract schema; null when the run did not write it. */
export async function readJsonArtifact<S extends z.ZodType>(
  run: OpenedRun,
  name: string,
  schema: S,
): Promise<z.output<S> | null> {
  if (!run.manifest.files.some((f) => f.name === name)) return null;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(run.dir, name), 'utf8'));
  } catch (e) {
    throw new AppError(
      'INPUT_INVALID',
      `${name} of run ${run.runId} is not valid JSON (${(e as Error).message}).`,
      'The run’s artifacts are damaged; make the run available offline again.',
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'INPUT_INVALID',
      `${name} of run ${run.runId} does not match the data contract (${issue?.path.join('.') || '(root)'}: ${issue?.message}).`,
      'The run was written by an incompatible pipeline version; see docs/data-contract.md.',
    );
  }
  return parsed.data;
}

export async function readRunSummary(run: OpenedRun): Promise<RunSummary> {
  const metadata = await readJsonArtifact(run, 'run_metadata.json', RunMetadataSchema);
  if (!metadata) {
    throw new AppError('NOT_FOUND', `Run ${run.runId} has no run_metadata.json, so it did not finish.`);
  }
  return {
    runId: run.runId,
    origin: run.origin,
    kpis: await readJsonArtifact(run, 'kpis.json', KpisSchema),
    profile: await readJsonArtifact(run, 'import_profile.json', ImportProfileSchema),
    metadata,
    files: run.manifest.files.map((f) => ({ name: f.name, size: f.size })),
  };
}
