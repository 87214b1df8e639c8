import type { PipelineRunResult } from './run-pipeline';

/** What the pipeline worker posts back: exactly one message per run. */
export type PipelineWorkerMessage =
  { type: 'result'; value: PipelineRunResult } | { type: 'error'; message: string };
