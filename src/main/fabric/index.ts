import type { ICachePlugin } from '@azure/msal-node';
import type { AppError } from '../../shared/contract/errors';
import { createClientCredentialsProvider } from './auth/client-credentials-provider';
import { createMsalNetworkClient } from './auth/msal-network-client';
import type { TokenProvider } from './auth/token-provider';
import { createUserTokenProvider, type UserTokenProvider } from './auth/user-provider';
import type { FabricEndpoints, FabricIds } from './endpoints';
import { systemClock, type Clock } from './http/clock';
import { sendHttps } from './http/https-request';
import { createJsonClient } from './http/json-client';
import type { RetryEvent } from './http/retry-loop';
import { DEFAULT_RETRY_POLICY, type RetryPolicyOptions } from './http/retry-policy';
import { createJobSchedulerClient, type JobSchedulerClient } from './jobs/job-scheduler-client';
import { createOneLakeClient, type OneLakeClient } from './onelake/onelake-client';
import { toStorageHttpClient } from './onelake/sdk-http-client';
import { createStorageHttpClient } from './onelake/storage-http-client';
import { createStorageCredential } from './onelake/token-credential';
import { createHttpsAgent } from './tls';

/** How the app authenticates: a service principal with a secret, or the signed-in analyst. */
export type FabricCredentials =
  | { kind: 'client-credentials'; clientId: string; clientSecret: string }
  | { kind: 'signed-in-user'; clientId: string };

export type FabricProfile = FabricEndpoints &
  FabricIds & {
    credentials: FabricCredentials;
    /** the app profile's name, for errors that say whose credentials Entra ID refused */
    profileName?: string;
  };

export interface FabricClientDeps {
  /** Required for `user` credentials: opens the sign-in page (Electron: shell.openExternal). */
  openBrowser?: (url: string) => Promise<void>;
  /** Persists the signed-in user's MSAL cache (e.g. in the keychain). */
  cachePlugin?: ICachePlugin;
  /** Told when Entra ID refuses a client-credentials profile's secret (wrong, expired, revoked). */
  onCredentialsRefused?: (error: AppError) => void;
  /** Told before each retry wait, e.g. "Fabric is throttling requests; retrying in 2 s". */
  onRetry?: (event: RetryEvent) => void;
  retry?: Partial<RetryPolicyOptions>;
  clock?: Clock;
  random?: () => number;
  userAgent?: string;
}

export interface FabricClients {
  tokens: TokenProvider | UserTokenProvider;
  jobs: JobSchedulerClient;
  onelake: OneLakeClient;
  /** Closes pooled connections (profile switch, shutdown). */
  close(): void;
}

export function isUserTokenProvider(t: TokenProvider): t is UserTokenProvider {
  return 'signIn' in t;
}

/** The one entry of src/main/fabric: every client for one profile, sharing one TLS agent and token cache. */
export function createFabricClients(profile: FabricProfile, deps: FabricClientDeps = {}): FabricClients {
  const agent = createHttpsAgent(profile.caCertPem, profile.caCertAddsToSystem);
  const clock = deps.clock ?? systemClock;
  const loop = {
    retry: { ...DEFAULT_RETRY_POLICY, ...deps.retry },
    clock,
    random: deps.random ?? Math.random,
    ...(deps.onRetry ? { onRetry: deps.onRetry } : {}),
  };
  const networkClient = createMsalNetworkClient(agent, loop);
  const now = (): number => clock.now();

  let tokens: TokenProvider | UserTokenProvider;
  if (profile.credentials.kind === 'client-credentials') {
    tokens = createClientCredentialsProvider(
      {
        authorityUrl: profile.authorityUrl,
        tenantId: profile.tenantId,
        clientId: profile.credentials.clientId,
        clientSecret: profile.credentials.clientSecret,
        ...(profile.profileName ? { profileName: profile.profileName } : {}),
      },
      { networkClient, now, ...(deps.onCredentialsRefused ? { onRefused: deps.onCredentialsRefused } : {}) },
    );
  } else {
    const openBrowser = deps.openBrowser;
    if (!openBrowser) throw new Error('createFabricClients: user sign-in needs deps.openBrowser');
    tokens = createUserTokenProvider(
      {
        authorityUrl: profile.authorityUrl,
        tenantId: profile.tenantId,
        clientId: profile.credentials.clientId,
      },
      { networkClient, now, openBrowser, ...(deps.cachePlugin ? { cachePlugin: deps.cachePlugin } : {}) },
    );
  }

  const http = createJsonClient({
    ...loop,
    send: (req) => sendHttps(agent, req),
    tokens,
    ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
  });
  const jobs = createJobSchedulerClient(
    { fabricApiUrl: profile.fabricApiUrl, workspaceId: profile.workspaceId, pipelineId: profile.pipelineId },
    http,
  );
  const onelake = createOneLakeClient(
    { onelakeUrl: profile.onelakeUrl, workspaceId: profile.workspaceId, lakehouseId: profile.lakehouseId },
    {
      credential: createStorageCredential(tokens, now),
      httpClient: toStorageHttpClient(createStorageHttpClient({ ...loop, agent, tokens })),
    },
  );
  return { tokens, jobs, onelake, close: () => agent.destroy() };
}

export type { TokenProvider, AccessToken } from './auth/token-provider';
export type { UserTokenProvider, SignedInUser } from './auth/user-provider';
export type {
  JobSchedulerClient,
  JobAccepted,
  JobSnapshot,
  RunPipelineRequest,
} from './jobs/job-scheduler-client';
export type { ItemJobInstance, JobStatus, ErrorResponse } from './jobs/schemas';
export { isTerminalStatus } from './jobs/schemas';
export type { OneLakeClient, OneLakeEntry, OneLakeStat, ProgressCallback } from './onelake/onelake-client';
export type { RetryEvent } from './http/retry-loop';
export type { RetryPolicyOptions } from './http/retry-policy';
export type { FabricEndpoints, FabricIds, FabricScope } from './endpoints';
export { FABRIC_SCOPE, STORAGE_SCOPE, PUBLIC_CLOUD_ENDPOINTS } from './endpoints';
export { FabricError, isFabricError, type FabricErrorDetails } from './errors';
