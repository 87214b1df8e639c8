import type { Run } from '../../../../shared/contract/runs';

export interface FailureAdvice {
  /** what happened, in plain words */
  title: string;
  /** what to do next */
  advice: string;
  /** Fabric's or the engine's own words, shown as detail */
  detail: string;
  code: string;
}

const BY_CODE: Record<string, { title: string; advice: string }> = {
  MISSING_COLUMNS: {
    title: 'The workbook lacks columns the pipeline needs',
    advice: 'Open the workbook on the Import page to see which columns are missing, fix it and run again.',
  },
  UNREADABLE_INPUT: {
    title: 'The workbook could not be read',
    advice: 'Save it again as .xlsx in Excel (not .xls or .csv renamed), upload it and run again.',
  },
  INPUT_NOT_FOUND: {
    title: 'The workbook was gone when the pipeline started',
    advice: 'Someone moved or deleted it from Files/import. Put it back (Import page) and run again.',
  },
  INPUT_INVALID: {
    title: 'The workbook does not meet the data rules',
    advice: 'Inspect it on the Import page, correct the flagged rows and run again.',
  },
  Deduped: {
    title: 'Fabric skipped this run because another run of the pipeline was active',
    advice: 'Wait for the other run to end (see the run lock), then start again if you still need it.',
  },
  Lost: {
    title: 'The portal lost track of this run in Fabric',
    advice:
      'Check the pipeline in the Fabric monitoring hub; if nothing ran, start the run again. The run lock is already released.',
  },
  JobInstanceStatusFailed: {
    title: 'The pipeline failed in Fabric',
    advice:
      'Read Fabric’s message below. If it names the data, fix the workbook; otherwise run again, and if it fails twice send the run id to the data team.',
  },
  NotebookFailed: {
    title: 'The pipeline’s notebook stopped with an error',
    advice:
      'Run again once; if it fails the same way, send the run id and the message below to the data team.',
  },
  CapacityNotActive: {
    title: 'The Fabric capacity is paused',
    advice: 'Ask your Fabric administrator to resume the capacity, then run again.',
  },
  RequestBlocked: {
    title: 'Fabric throttled the pipeline',
    advice: 'The capacity is busy. Wait a few minutes and run again.',
  },
};

/** A Failed/Lost/Deduped run's failureReason in plain words, with what to do about it. */
export function failureAdvice(run: Pick<Run, 'status' | 'failure'>): FailureAdvice | null {
  if (run.failure === null && run.status !== 'Failed') return null;
  const code = run.failure?.code ?? 'JobInstanceStatusFailed';
  const detail = run.failure?.message ?? 'Fabric reported the run as failed without a reason.';
  const known = BY_CODE[code];
  if (known) return { ...known, detail, code };
  return {
    title: 'The run failed',
    advice:
      'Read the message below. Run again once; if it fails the same way, send the run id and this message to the data team.',
    detail,
    code,
  };
}
