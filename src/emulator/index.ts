import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runSalesPipeline } from '../main/ingest/run-pipeline';
import { AdminApi } from './admin-api';
import { EntraService } from './entra';
import { FaultController } from './faults';
import { type JobInstance, JobRunner } from './job-runner';
import { JobsApi, PIPELINE_JOB_TYPES } from './jobs-api';
import { OneLakeApi } from './onelake-api';
import { LakeLayout } from './onelake-paths';
import { UploadStaging } from './onelake-staging';
import { type EmulatorEnv, type EmulatorOptions, resolveIdentity } from './options';
import { RequestLog } from './request-log';
import { seedSampleWorkbook } from './seed';
import { createRouter } from './server';
import { createLoopbackCertificate } from './tls';
import { TokenIssuer } from './token-issuer';

export type { EmulatorEnv, EmulatorOptions } from './options';
export { DEFAULT_IDENTITY } from './options';
export type { FaultAction, FaultRule, JobOutcome } from './faults';
export { FaultController } from './faults';
export type { LoggedRequest, RequestFilter, EmulatorService } from './request-log';
export { RequestLog } from './request-log';
export type { JobInstance, JobStatus } from './job-runner';

export interface Emulator {
  /** https://127.0.0.1:PORT */
  url: string;
  env: EmulatorEnv;
  caCertPem: string;
  lakehouseDir: string;
  faults: FaultController;
  /** .all(), .count(filter), .filter(filter), .clear() */
  requests: RequestLog;
  jobs: { list(): JobInstance[]; get(id: string): JobInstance | undefined };
  /** Bearer token for the /_emulator admin API (fault injection from another process) */
  adminToken: string;
  /** non-fatal problems at start, e.g. a missing sample workbook */
  warnings: string[];
  stop(): Promise<void>;
}

const RETRY_AFTER_BASE_SEC = 2;
const STAGING_DIR = '.emulator-staging';

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const speed = opts.speed ?? 1;
  if (!(Number.isFinite(speed) && speed > 0))
    throw new Error(`emulator: speed must be a positive number, got ${speed}`);
  const pageSize = opts.jobsPageSize ?? 100;
  if (!(Number.isInteger(pageSize) && pageSize > 0)) {
    throw new Error(`emulator: jobsPageSize must be a positive integer, got ${pageSize}`);
  }
  const identity = resolveIdentity(opts);
  const stateDir = await mkdtemp(join(tmpdir(), 'fabric-emulator-'));
  const lakehouseDir = resolve(opts.lakehouseDir ?? join(stateDir, 'lakehouse'));
  await mkdir(join(lakehouseDir, 'Files'), { recursive: true });
  await mkdir(join(lakehouseDir, 'Tables'), { recursive: true });
  const warnings: string[] = [];
  if (opts.seedSample) {
    const seeded = await seedSampleWorkbook(lakehouseDir, opts.samplePath);
    if (seeded.warning) warnings.push(seeded.warning);
  }

  const tlsMaterial = await createLoopbackCertificate();
  const caPath = join(stateDir, 'emulator-ca.pem');
  await writeFile(caPath, tlsMaterial.cert, { mode: 0o644 });

  let baseUrl = '';
  const getBaseUrl = (): string => baseUrl;
  const faults = new FaultController();
  const requests = new RequestLog();
  const tokens = new TokenIssuer(getBaseUrl, opts.tokenLifetimeSec ?? 3599, faults);
  const runner = new JobRunner({
    speed,
    dedupe: opts.dedupe ?? false,
    faults,
    runPipeline: opts.pipelineRunner ?? runSalesPipeline,
    lakehouseDir,
    pipelineJobTypes: PIPELINE_JOB_TYPES,
  });
  const adminToken = randomBytes(32).toString('base64url');
  const stopping = new AbortController();
  const router = createRouter({
    entra: new EntraService(identity, getBaseUrl, tokens),
    jobs: new JobsApi({
      identity,
      runner,
      baseUrl: getBaseUrl,
      pageSize,
      retryAfterSec: () => Math.max(0, Math.round(RETRY_AFTER_BASE_SEC / speed)),
    }),
    onelake: new OneLakeApi(
      new LakeLayout(identity, lakehouseDir),
      new UploadStaging(join(lakehouseDir, STAGING_DIR)),
      identity.lakehouseId,
    ),
    admin: new AdminApi({ adminToken, faults, log: requests, runner }),
    tokens,
    faults,
    log: requests,
    stopping: stopping.signal,
  });

  const server = createServer({ key: tlsMaterial.key, cert: tlsMaterial.cert }, router);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;

  const env: EmulatorEnv = {
    FABRIC_TENANT_ID: identity.tenantId,
    FABRIC_CLIENT_ID: identity.clientId,
    FABRIC_CLIENT_SECRET: identity.clientSecret,
    FABRIC_WORKSPACE_ID: identity.workspaceId,
    FABRIC_PIPELINE_ID: identity.pipelineId,
    FABRIC_LAKEHOUSE_ID: identity.lakehouseId,
    OWNER_UPN: identity.ownerUpn,
    OWNER_OBJECT_ID: identity.ownerObjectId,
    FABRIC_AUTHORITY_URL: baseUrl,
    FABRIC_API_URL: `${baseUrl}/v1`,
    ONELAKE_URL: `${baseUrl}/onelake`,
    FABRIC_CA_CERT: caPath,
    LAKEHOUSE_DIR: lakehouseDir,
  };

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping.abort();
      await runner.stop();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await rm(join(lakehouseDir, STAGING_DIR), { recursive: true, force: true });
      // The state dir holds the certificate and, unless the caller chose one, the lakehouse.
      await rm(stateDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  return {
    url: baseUrl,
    env,
    caCertPem: tlsMaterial.cert,
    lakehouseDir,
    faults,
    requests,
    jobs: { list: () => runner.list(), get: (id) => runner.get(id) },
    adminToken,
    warnings,
    stop,
  };
}
