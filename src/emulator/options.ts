import type { PipelineRunRequest, PipelineRunResult } from '../main/ingest/run-pipeline';

export interface EmulatorOptions {
  /** 0 = random (default) */
  port?: number;
  /** folder that holds Files/; default: a fresh temp dir, removed again by stop() */
  lakehouseDir?: string;
  /** scales every emulator delay (job phases, Retry-After): 10 = ten times faster; default 1 */
  speed?: number;
  /** a second run of the same item while one is active ends Deduped; default false */
  dedupe?: boolean;
  /** copy the sample workbook into Files/import when that folder is empty; default false */
  seedSample?: boolean;
  /** workbook used by seedSample; default resources/sample/sales_orders_fact.xlsx of this repo */
  samplePath?: string;
  /** lifetime of issued access tokens; default 3599 */
  tokenLifetimeSec?: number;
  /** job list page size; default 100 */
  jobsPageSize?: number;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  workspaceId?: string;
  pipelineId?: string;
  lakehouseId?: string;
  workspaceName?: string;
  lakehouseName?: string;
  ownerUpn?: string;
  ownerObjectId?: string;
  /** the engine a Pipeline job runs; default runSalesPipeline from src/main/ingest */
  pipelineRunner?: (req: PipelineRunRequest) => Promise<PipelineRunResult>;
}

/** The connection settings of a running emulator; the CLI prints exactly these keys. */
export interface EmulatorEnv {
  FABRIC_TENANT_ID: string;
  FABRIC_CLIENT_ID: string;
  FABRIC_CLIENT_SECRET: string;
  FABRIC_WORKSPACE_ID: string;
  FABRIC_PIPELINE_ID: string;
  FABRIC_LAKEHOUSE_ID: string;
  OWNER_UPN: string;
  OWNER_OBJECT_ID: string;
  FABRIC_AUTHORITY_URL: string;
  FABRIC_API_URL: string;
  ONELAKE_URL: string;
  FABRIC_CA_CERT: string;
  LAKEHOUSE_DIR: string;
}

/** Identity of the emulated tenant, workspace and items, after defaults are applied. */
export interface EmulatorIdentity {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  workspaceId: string;
  workspaceName: string;
  pipelineId: string;
  lakehouseId: string;
  lakehouseName: string;
  ownerUpn: string;
  ownerObjectId: string;
}

// Fixed ids so a standalone emulator can be configured once in a profile and restarted freely.
export const DEFAULT_IDENTITY: EmulatorIdentity = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '3f7c1c2a-5b1e-4d8e-9a51-0c6f2b7e4d10',
  clientSecret: 'emulator-client-secret',
  workspaceId: '4b218778-e7a5-4d73-8187-f10824047715',
  workspaceName: 'SalesWorkspace',
  pipelineId: '431e8d7b-4a95-4c02-8ccd-6faef5ba1bd7',
  lakehouseId: '9d2a3c5e-1f4b-4e6a-8b7c-2d1e0f3a4b5c',
  lakehouseName: 'SalesLakehouse',
  ownerUpn: 'analyst@contoso.example',
  ownerObjectId: 'a6b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d',
};

export function resolveIdentity(opts: EmulatorOptions): EmulatorIdentity {
  const d = DEFAULT_IDENTITY;
  return {
    tenantId: opts.tenantId ?? d.tenantId,
    clientId: opts.clientId ?? d.clientId,
    clientSecret: opts.clientSecret ?? d.clientSecret,
    workspaceId: opts.workspaceId ?? d.workspaceId,
    workspaceName: opts.workspaceName ?? d.workspaceName,
    pipelineId: opts.pipelineId ?? d.pipelineId,
    lakehouseId: opts.lakehouseId ?? d.lakehouseId,
    lakehouseName: opts.lakehouseName ?? d.lakehouseName,
    ownerUpn: opts.ownerUpn ?? d.ownerUpn,
    ownerObjectId: opts.ownerObjectId ?? d.ownerObjectId,
  };
}
