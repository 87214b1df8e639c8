import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  ImportProfileSchema,
  KpisSchema,
  RunMetadataSchema,
  type ImportProfile,
  type Kpis,
  type RunMetadata,
} from '../../shared/artifacts';
import { AppError, isAppError } from '../../shared/contract/errors';
import { EMPTY_SHA256, sha256File } from './file-hash';
import { missingColumnsMessage } from './header-map';
import { currentDir, insideLakehouse, runDir } from './lakehouse-paths';
import { processWorkbook, type ProcessedWorkbook } from './process-workbook';
import { swapCurrent } from './swap-current';
import { writeCleanedCsv } from './write-csv';
import { toParquet } from './write-parquet';
import type { XlsxLimits } from './xlsx/limits';

export const LOCAL_ENGINE_VERSION = '1.0.0';

export interface PipelineRunRequest {
  /** folder that holds Files/ */
  lakehouseDir: string;
  /** lakehouse-relative input, e.g. Files/import/sales_orders_fact.xlsx */
  inputPath: string;
  runId: string;
  parameters: Record<string, string>;
  requestedBy: string | null;
  signal?: AbortSignal;
  /** reader limits; defaults suit workbooks up to about a million rows */
  limits?: Partial<XlsxLimits>;
}

export interface PipelineRunResult {
  status: 'succeeded' | 'failed';
  error?: { code: string; message: string };
  metadata: RunMetadata;
}

class RunFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const DATA_ARTIFACTS = ['sales_cleaned.parquet', 'sales_cleaned.csv', 'kpis.json'] as const;

function checkCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new RunFailure('CANCELLED', 'The run was cancelled.');
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value, null, 2) + '\n');
}

/**
 * The local sales-pipeline engine: the same contract as the Fabric notebook (docs/data-contract.md),
 * reading <lakehouseDir>/<inputPath> and writing Files/results/runs/<runId>/, then swapping
 * Files/results/current/ on success. Never throws for bad input: failures come back as status "failed"
 * with run_metadata.json written.
 */
export async function runSalesPipeline(req: PipelineRunRequest): Promise<PipelineRunResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const outDir = runDir(req.lakehouseDir, req.runId);
  const inputFile = insideLakehouse(req.lakehouseDir, req.inputPath);
  // A run folder is an immutable snapshot: never write into one that exists.
  try {
    await mkdir(dirname(outDir), { recursive: true });
    await mkdir(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AppError('CONFLICT', `The run folder for ${req.runId} already exists.`, 'Use a new run id.');
    }
    throw e;
  }
  const parameters: Record<string, string> = { input_path: req.inputPath };
  for (const [k, v] of Object.entries(req.parameters)) {
    if (k !== 'run_id' && k !== 'requested_by') parameters[k] = String(v);
  }
  const timings = { read: 0, clean: 0, write: 0, total: 0 };
  const input = { path: req.inputPath, name: basename(req.inputPath), size: 0, sha256: EMPTY_SHA256 };
  const artifacts: string[] = [];
  let failure: RunFailure | null = null;
  try {
    checkCancelled(req.signal);
    try {
      const st = await stat(inputFile);
      if (!st.isFile()) throw new RunFailure('INPUT_NOT_FOUND', `The input ${req.inputPath} is not a file.`);
      input.size = st.size;
    } catch (e) {
      if (e instanceof RunFailure) throw e;
      throw new RunFailure('INPUT_NOT_FOUND', `The input workbook ${req.inputPath} does not exist.`);
    }
    input.sha256 = await sha256File(inputFile, req.signal).catch((e: unknown) => {
      checkCancelled(req.signal);
      throw new RunFailure('UNREADABLE_INPUT', `The input workbook cannot be read: ${(e as Error).message}`);
    });
    const tRead = performance.now();
    let wb: ProcessedWorkbook;
    try {
      wb = await processWorkbook(inputFile, { limits: req.limits, signal: req.signal, collectCleaned: true });
    } catch (e) {
      checkCancelled(req.signal);
      if (isAppError(e) && e.code === 'CANCELLED')
        throw new RunFailure('CANCELLED', 'The run was cancelled.');
      const msg = isAppError(e) ? `${e.message}${e.hint ? ' ' + e.hint : ''}` : (e as Error).message;
      throw new RunFailure('UNREADABLE_INPUT', msg);
    }
    timings.clean = wb.cleanMillis;
    timings.read = performance.now() - tRead - wb.cleanMillis;
    const profile: ImportProfile = ImportProfileSchema.parse(wb.processor.profile(wb.sheet));
    await writeJson(join(outDir, 'import_profile.json'), profile);
    artifacts.push('import_profile.json');
    if (wb.header.missingRequired.length > 0) {
      throw new RunFailure('MISSING_COLUMNS', missingColumnsMessage(wb.header.missingRequired));
    }
    checkCancelled(req.signal);
    const tClean = performance.now();
    const kpis: Kpis = KpisSchema.parse(wb.processor.kpis.result(req.runId, wb.processor.counts()));
    timings.clean += performance.now() - tClean;
    const tWrite = performance.now();
    await writeFile(join(outDir, 'sales_cleaned.parquet'), toParquet(wb.processor.cleaned));
    checkCancelled(req.signal);
    await writeCleanedCsv(join(outDir, 'sales_cleaned.csv'), wb.processor.cleaned);
    await writeJson(join(outDir, 'kpis.json'), kpis);
    artifacts.unshift(...DATA_ARTIFACTS);
    timings.write = performance.now() - tWrite;
  } catch (e) {
    failure =
      e instanceof RunFailure
        ? e
        : new RunFailure(
            isAppError(e) && e.code === 'CANCELLED' ? 'CANCELLED' : 'INTERNAL',
            (e as Error).message,
          );
    for (const f of DATA_ARTIFACTS) await rm(join(outDir, f), { force: true });
    artifacts.splice(0, artifacts.length, ...artifacts.filter((a) => a === 'import_profile.json'));
  }
  artifacts.push('run_metadata.json');
  timings.total = performance.now() - t0;
  const metadata: RunMetadata = RunMetadataSchema.parse({
    schema_version: 1,
    run_id: req.runId,
    status: failure ? 'failed' : 'succeeded',
    parameters,
    requested_by: req.requestedBy === '' ? null : req.requestedBy,
    input,
    engine: { name: 'local-engine', version: LOCAL_ENGINE_VERSION },
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    timings_ms: {
      read: Math.round(timings.read),
      clean: Math.round(timings.clean),
      write: Math.round(timings.write),
      total: Math.round(timings.total),
    },
    ...(failure ? { error: { code: failure.code, message: failure.message } } : {}),
    artifacts,
  } satisfies RunMetadata);
  await writeJson(join(outDir, 'run_metadata.json'), metadata);
  if (failure) return { status: 'failed', error: { code: failure.code, message: failure.message }, metadata };
  try {
    await swapCurrent(currentDir(req.lakehouseDir), outDir, artifacts, req.runId);
  } catch (e) {
    throw new AppError(
      'INTERNAL',
      `The run succeeded but results/current could not be replaced: ${(e as Error).message}`,
    );
  }
  return { status: 'succeeded', metadata };
}
