import type { RunMetadata } from '../../shared/artifacts';

// Placeholder with the agreed signature; the sales-pipeline work replaces the body with the local engine.
export interface PipelineRunRequest {
  /** folder that holds Files/ */
  lakehouseDir: string;
  /** lakehouse-relative input, e.g. Files/import/sales_orders_fact.xlsx */
  inputPath: string;
  runId: string;
  parameters: Record<string, string>;
  requestedBy: string | null;
  signal?: AbortSignal;
}

export interface PipelineRunResult {
  status: 'succeeded' | 'failed';
  error?: { code: string; message: string };
  metadata: RunMetadata;
}

export async function runSalesPipeline(_req: PipelineRunRequest): Promise<PipelineRunResult> {
  throw new Error('local engine not implemented yet');
}
