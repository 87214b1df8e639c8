import { readFile } from 'node:fs/promises';
import { AppError } from '../../shared/contract/errors';
import type { FabricProfileFields, Profile, UserSecretName } from '../../shared/contract/settings';
import type { LockStatus, Run } from '../../shared/contract/runs';
import type { Db, DbProfile } from '../db/db';
import { openDatabase } from '../db/open-database';
import {
  createFabricClients,
  type FabricClientDeps,
  type FabricClients,
  type FabricProfile,
} from '../fabric';
import type { DemoEnvironment } from '../demo/demo-environment';
import type { Logger } from '../log/logger';
import { CREDENTIAL_CHECK_MS, credentialRefusal } from './backend-credentials';
import { probeFabricHealth } from './fabric-health';
import { createRunServices, type RunServices } from './index';
import type { RunIdentity, RunInspector, RunTimings } from './run-deps';

export type HealthPart = 'fabric' | 'onelake' | 'database';
export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface RunBackend {
  services: RunServices;
  fabric: FabricClients;
  db: Db;
  /** the in-process emulator and PGlite of the Demo profile; null for a Fabric profile */
  demo: DemoEnvironment | null;
  close(): Promise<void>;
}

export interface RunBackendDeps {
  logger: Logger;
  identity: RunIdentity;
  inspector: RunInspector;
  timings?: Partial<RunTimings>;
  tmpDir?: string;
  /** starts the Demo profile's PGlite + emulator (src/main/demo) */
  startDemo: () => Promise<DemoEnvironment>;
  /** the profile's secrets (keychain or session) */
  secret: (profileId: string, name: UserSecretName) => Promise<string | null>;
  onRunChanged?: (payload: { runId: string | null; run: Run | null }) => void;
  onLockChanged?: (status: LockStatus) => void;
  onHealth?: (part: HealthPart, status: HealthStatus, message: string) => void;
  /** start the monitor loop (default true) */
  monitor?: boolean;
  applicationName?: string;
  /** a signed-in-user profile's sign-in page opener and MSAL cache (src/main/auth) */
  fabricDeps?: Pick<FabricClientDeps, 'openBrowser' | 'cachePlugin'>;
  /** how long opening a client-credentials profile waits for Entra ID's verdict on its secret (default 5 s) */
  credentialCheckMs?: number;
  /**
   * Entra ID refused the secret of this backend once it was open (expired or revoked while the app runs);
   * a refusal while opening fails the open instead
   */
  onCredentialsRefused?: (error: AppError) => void;
}

/** A Fabric profile's settings and secrets, from the Settings page or from the environment (CLI). */
export interface FabricConnection {
  fields: FabricProfileFields;
  secrets: Partial<Record<UserSecretName, string>>;
}

/** Opens everything runs need for the active profile: database (migrated), Fabric clients, run services. */
export async function openRunBackend(profile: Profile, deps: RunBackendDeps): Promise<RunBackend> {
  if (profile.kind === 'demo') {
    const demo = await deps.startDemo();
    try {
      return await assemble(
        demo.db,
        createFabricClients(demo.fabricProfile, { ...deps.fabricDeps }),
        { upn: demo.ownerUpn, oid: demo.ownerObjectId },
        demo,
        deps,
        async () => {
          await demo.close();
        },
      );
    } catch (e) {
      await demo.close().catch(() => undefined);
      throw e;
    }
  }
  const secrets: FabricConnection['secrets'] = {};
  for (const name of ['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const) {
    const v = await deps.secret(profile.id, name);
    if (v !== null) secrets[name] = v;
  }
  return openFabricBackend({ fields: profile, secrets }, deps);
}

/** A Fabric profile: the shared PostgreSQL server and the configured (real or emulated) endpoints. */
export async function openFabricBackend(conn: FabricConnection, deps: RunBackendDeps): Promise<RunBackend> {
  const canSignIn = deps.fabricDeps?.openBrowser !== undefined;
  // A missing secret and one Entra ID refuses are the same to the rest of the app: the open fails with the
  // FABRIC_AUTH error, which the offline layer shows as "Signed out" and answers reads from the copy.
  const credentialsUnusable = (e: unknown): never => {
    deps.onHealth?.('fabric', 'down', e instanceof Error ? e.message : String(e));
    throw e;
  };
  const fabricProfile = await toFabricProfile(conn, { canSignIn }).catch(credentialsUnusable);
  const dbProfile = toDbProfile(conn);
  let opened = false;
  const fabric = createFabricClients(fabricProfile, {
    ...deps.fabricDeps,
    onCredentialsRefused: (e) => {
      if (opened) deps.onCredentialsRefused?.(e);
    },
  });
  // Asked alongside the database, so a usable secret costs the open no extra round trip.
  const refusal =
    fabricProfile.credentials.kind === 'client-credentials'
      ? credentialRefusal(fabric.tokens, deps.credentialCheckMs ?? CREDENTIAL_CHECK_MS)
      : Promise.resolve(null);
  const { db } = await openDatabase(
    { kind: 'pg', profile: dbProfile },
    { applicationName: deps.applicationName ?? 'fabric-data-portal', onError: () => undefined },
  ).catch((e: unknown) => {
    fabric.close();
    deps.onHealth?.('database', 'down', e instanceof Error ? e.message : String(e));
    throw e;
  });
  const refused = await refusal;
  if (refused) {
    fabric.close();
    await db.close().catch(() => undefined);
    credentialsUnusable(refused);
  }
  const owner = { upn: conn.fields.ownerUpn ?? '', oid: conn.fields.ownerObjectId ?? '' };
  try {
    const backend = await assemble(db, fabric, owner, null, deps, async () => undefined);
    opened = true;
    return backend;
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}

/** Starts the run services on an open database and the profile's Fabric clients (closed if this fails). */
async function assemble(
  db: Db,
  fabric: FabricClients,
  owner: { upn: string; oid: string },
  demo: DemoEnvironment | null,
  deps: RunBackendDeps,
  closeExtra: () => Promise<void>,
): Promise<RunBackend> {
  deps.onHealth?.('database', 'ok', db.kind === 'pglite' ? 'Demo database (PGlite) ready.' : 'Connected.');
  let services: RunServices;
  try {
    services = createRunServices({
      db,
      fabric: { jobs: fabric.jobs, onelake: fabric.onelake, ownerUpn: owner.upn, ownerObjectId: owner.oid },
      inspector: deps.inspector,
      identity: deps.identity,
      logger: deps.logger,
      ...(deps.timings ? { timings: deps.timings } : {}),
      ...(deps.tmpDir ? { tmpDir: deps.tmpDir } : {}),
      ...(deps.onRunChanged ? { onRunChanged: deps.onRunChanged } : {}),
      ...(deps.onLockChanged ? { onLockChanged: deps.onLockChanged } : {}),
      onHealth: (part, ok, message) => deps.onHealth?.(part, ok ? 'ok' : 'down', message),
    });
    await services.start({ monitor: deps.monitor ?? true });
  } catch (e) {
    fabric.close();
    throw e;
  }
  if (deps.onHealth) void probeFabricHealth(fabric, deps.onHealth);
  return {
    services,
    fabric,
    db,
    demo,
    async close() {
      await services.stop();
      fabric.close();
      if (demo === null) await db.close();
      await closeExtra();
    },
  };
}

/** canSignIn: the caller can use a signed-in user (the app; its connection tests, silently); the CLI cannot. */
export async function toFabricProfile(
  conn: FabricConnection,
  options: { canSignIn?: boolean } = {},
): Promise<FabricProfile> {
  const f = conn.fields;
  const caPath = f.endpoints.caCertPath;
  let caCertPem: string | undefined;
  if (caPath) {
    caCertPem = await readFile(caPath, 'utf8').catch(() => {
      throw new AppError(
        'VALIDATION',
        `The CA certificate file ${caPath} cannot be read.`,
        'Check the path in Settings (or FABRIC_CA_CERT).',
      );
    });
  }
  const signedInUser = f.authMode === 'signed-in-user';
  if (signedInUser && !options.canSignIn) {
    throw new AppError(
      'VALIDATION',
      `The profile "${f.name}" signs in as a user, which only the app's window can do (Settings → Sign in).`,
      'Use the app with this profile, or a client-credentials profile (FABRIC_CLIENT_SECRET) here.',
    );
  }
  const clientSecret = conn.secrets.FABRIC_CLIENT_SECRET;
  if (!signedInUser && !clientSecret) {
    throw new AppError(
      'FABRIC_AUTH',
      `The profile "${f.name}" has no client secret: it is not in the keychain (nor FABRIC_CLIENT_SECRET in the environment).`,
      'Open Settings → Profiles to enter it; the app reconnects as soon as it is stored.',
    );
  }
  return {
    authorityUrl: f.endpoints.authorityUrl,
    fabricApiUrl: f.endpoints.fabricApiUrl,
    onelakeUrl: f.endpoints.onelakeUrl,
    ...(caCertPem ? { caCertPem } : {}),
    tenantId: f.tenantId,
    workspaceId: f.workspaceId,
    pipelineId: f.pipelineId,
    lakehouseId: f.lakehouseId,
    profileName: f.name,
    // A signed-in user needs no secret: MSAL's public client signs the analyst in (src/main/auth).
    credentials:
      signedInUser || !clientSecret
        ? { kind: 'signed-in-user', clientId: f.clientId }
        : { kind: 'client-credentials', clientId: f.clientId, clientSecret },
  };
}

export function toDbProfile(conn: FabricConnection): DbProfile {
  const pgs = conn.fields.postgres;
  const password = conn.secrets.PG_PASSWORD;
  if (password === undefined) {
    throw new AppError(
      'DB_UNAVAILABLE',
      `The profile "${conn.fields.name}" has no PostgreSQL password.`,
      'Set PG_PASSWORD in Settings or the environment.',
    );
  }
  const ssl: DbProfile['ssl'] =
    pgs.sslMode === 'disable' || pgs.sslMode === 'prefer'
      ? false
      : pgs.sslMode === 'require'
        ? { rejectUnauthorized: false }
        : true;
  return { host: pgs.host, port: pgs.port, database: pgs.database, user: pgs.user, password, ssl };
}
