import { ConfidentialClientApplication } from '@azure/msal-node';
import type { TokenCredential } from '@azure/core-auth';
import { DataLakeServiceClient, type StoragePipelineOptions } from '@azure/storage-file-datalake';
import type { Emulator } from '../../../../src/emulator/index';
import { type HttpResult, httpsRequest } from './https-request';
import { CaTrustingNetworkClient } from './msal-network';

export const FABRIC_SCOPE = 'https://api.fabric.microsoft.com/.default';
export const STORAGE_SCOPE = 'https://storage.azure.com/.default';

/** The real MSAL confidential client, pointed at the emulator and trusting its certificate. */
export function msalFor(emu: Emulator, secret = emu.env.FABRIC_CLIENT_SECRET): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: emu.env.FABRIC_CLIENT_ID,
      clientSecret: secret,
      authority: `${emu.env.FABRIC_AUTHORITY_URL}/${emu.env.FABRIC_TENANT_ID}`,
      knownAuthorities: [new URL(emu.env.FABRIC_AUTHORITY_URL).host],
    },
    system: { networkClient: new CaTrustingNetworkClient(emu.caCertPem) },
  });
}

export async function tokenFor(emu: Emulator, scope: string): Promise<string> {
  const result = await msalFor(emu).acquireTokenByClientCredential({ scopes: [scope], skipCache: true });
  if (!result) throw new Error('MSAL returned no token');
  return result.accessToken;
}

/** A TokenCredential over the real MSAL client, as the app's OneLake client builds it. */
export function msalCredential(emu: Emulator): TokenCredential {
  const msal = msalFor(emu);
  return {
    async getToken(scopes) {
      const r = await msal.acquireTokenByClientCredential({
        scopes: Array.isArray(scopes) ? scopes : [scopes],
      });
      if (!r?.expiresOn) throw new Error('MSAL returned no token');
      return { token: r.accessToken, expiresOnTimestamp: r.expiresOn.getTime() };
    },
  };
}

/**
 * The DataLake client trusting the emulator certificate: `tlsOptions` is not in StoragePipelineOptions'
 * type, but the storage pipeline forwards it to core-rest-pipeline's tlsPolicy, which sets `ca` on the agent.
 */
export function dataLakeFor(
  emu: Emulator,
  credential: TokenCredential = msalCredential(emu),
): DataLakeServiceClient {
  const options = {
    tlsOptions: { ca: emu.caCertPem },
    retryOptions: { maxTries: 1 },
  } as StoragePipelineOptions;
  return new DataLakeServiceClient(emu.env.ONELAKE_URL, credential, options);
}

export function fabricCall(
  emu: Emulator,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  const url = path.startsWith('https://') ? path : `${emu.env.FABRIC_API_URL}${path}`;
  return httpsRequest(url, { method, headers, body, ca: emu.caCertPem });
}

export function pipelinePath(emu: Emulator): string {
  return `/workspaces/${emu.env.FABRIC_WORKSPACE_ID}/items/${emu.env.FABRIC_PIPELINE_ID}/jobs`;
}

export interface WireJob {
  id: string;
  itemId: string;
  jobType: string;
  invokeType: string;
  status: string;
  rootActivityId: string;
  startTimeUtc: string;
  endTimeUtc: string | null;
  failureReason: { errorCode: string; message: string; requestId?: string } | null;
}

const TERMINAL = ['Completed', 'Failed', 'Cancelled', 'Deduped'];

/** Polls a job instance URL until it reaches a terminal status (or one of `until`). */
export async function pollJob(
  emu: Emulator,
  token: string,
  location: string,
  until: string[] = TERMINAL,
  timeoutMs = 30_000,
): Promise<{ job: WireJob; seen: string[] }> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fabricCall(emu, 'GET', location, { token });
    if (res.status !== 200) throw new Error(`GET ${location} answered ${res.status}: ${res.text}`);
    const job = res.json<WireJob>();
    if (seen[seen.length - 1] !== job.status) seen.push(job.status);
    if (until.includes(job.status)) return { job, seen };
    if (Date.now() > deadline) throw new Error(`job stayed ${job.status} past ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
