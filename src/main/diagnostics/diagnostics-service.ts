import type { ICachePlugin } from '@azure/msal-node';
import {
  CONNECTION_PARTS,
  type ConnectionPart,
  type ConnectionTest,
  type DiagnosticCheck,
  type DiagnosticCheckId,
  type DiagnosticsReport,
} from '../../shared/contract/diagnostics';
import type { Profile, SecretStatus, UserSecretName } from '../../shared/contract/settings';
import type { Db } from '../db/db';
import { createPgDb } from '../db/pg-db';
import { createFabricClients, type FabricClients } from '../fabric';
import { toDbProfile, toFabricProfile, type FabricConnection } from '../runs/backend';
import { IMPORT_DIR } from '../runs/import-files';
import { lazyTarget, type ConnectionTarget } from './connection-target';
import { checkLock } from './lock-check';
import { recentLogProblems } from './log-tail';
import { listImportWorkbooks, PART_PROBES, plural } from './part-probes';
import { reportText } from './report-text';
import { missingSignIn, refuseSignInPage, type MissingSignIn } from './sign-in-gate';
import { timed, type CheckOutcome } from './timed-check';

export interface DiagnosticsDeps {
  appVersion: string;
  platform: string;
  profile(id: string): Profile;
  activeProfile(): Profile;
  secret(profileId: string, name: UserSecretName): Promise<string | null>;
  secretsStatus(profileId: string): Promise<SecretStatus[]>;
  /** the running Demo backend's clients and PGlite (there is no other way to reach the in-process emulator) */
  demo(): Promise<{ fabric: FabricClients; db: Db }>;
  /** the JSON-lines log whose recent warnings and errors go into the report */
  logPath: string | null;
  /** the app's redactor, applied once more to everything the report quotes */
  redact(text: string): string;
  /** a profile's saved sign-in (MSAL cache in the keychain): signed-in-user profiles are tested with it, silently */
  savedSignIn?(profileId: string): ICachePlugin;
  /** the running backend's Fabric clients when it is open for this profile (the active one), else null */
  runningFabric?(profileId: string): Promise<FabricClients | null>;
}

const TITLES: Record<DiagnosticCheckId, string> = {
  token: 'Token acquisition',
  trigger: 'Trigger permission',
  database: 'Database connection',
  schema: 'Database schema',
  lock: 'Run lock',
  importFiles: 'Import files',
};

/** Connection tests for Settings and troubleshooting checks for Diagnostics, with the real clients. */
export class DiagnosticsService {
  constructor(private readonly deps: DiagnosticsDeps) {}

  async testConnection(
    profileId: string,
    parts: readonly ConnectionPart[] = CONNECTION_PARTS,
  ): Promise<ConnectionTest> {
    const profile = this.deps.profile(profileId);
    const target = await this.targetFor(profile);
    try {
      const wanted = CONNECTION_PARTS.filter((p) => parts.includes(p));
      const signIn = this.signInCheck(profile, target);
      const probe = (part: ConnectionPart) =>
        part === 'token' || part === 'pipeline' || part === 'lakehouse'
          ? withSignIn(signIn, part === 'token', () => PART_PROBES[part](target))
          : PART_PROBES[part](target);
      const results = await Promise.all(
        wanted.map(async (part) => ({ part, ...(await timed(() => probe(part))) })),
      );
      return { profileId, results, testedAt: new Date().toISOString() };
    } finally {
      await target.close();
    }
  }

  async run(): Promise<DiagnosticsReport> {
    const profile = this.deps.activeProfile();
    const target = await this.targetFor(profile);
    let checks: DiagnosticCheck[];
    try {
      const signIn = this.signInCheck(profile, target);
      const probes: Record<DiagnosticCheckId, () => Promise<CheckOutcome & { action?: 'forceRelease' }>> = {
        token: () => withSignIn(signIn, true, () => PART_PROBES.token(target)),
        trigger: () => withSignIn(signIn, false, () => PART_PROBES.pipeline(target)),
        database: () => PART_PROBES.database(target),
        schema: () => PART_PROBES.schema(target),
        lock: async () => {
          const { stuck, ...outcome } = await checkLock(await target.db());
          return stuck ? { ...outcome, action: 'forceRelease' } : outcome;
        },
        importFiles: () => withSignIn(signIn, false, () => checkImportFiles(target)),
      };
      checks = await Promise.all(
        (Object.keys(probes) as DiagnosticCheckId[]).map(async (id) => ({
          id,
          title: TITLES[id],
          ...(await timed(probes[id])),
        })),
      );
    } finally {
      await target.close();
    }
    const ranAt = new Date().toISOString();
    const [secrets, logProblems] = await Promise.all([
      profile.kind === 'fabric' ? this.deps.secretsStatus(profile.id) : Promise.resolve([]),
      this.deps.logPath ? recentLogProblems(this.deps.logPath) : Promise.resolve([]),
    ]);
    const text = reportText({
      appVersion: this.deps.appVersion,
      platform: this.deps.platform,
      profile,
      secrets,
      checks,
      logProblems,
      ranAt,
    });
    return { checks, report: this.deps.redact(text), ranAt };
  }

  /** asked once per test, and only by the parts that need a token */
  private signInCheck(profile: Profile, target: ConnectionTarget): () => Promise<MissingSignIn | null> {
    let check: Promise<MissingSignIn | null> | null = null;
    const isActive = this.deps.activeProfile().id === profile.id;
    return () => (check ??= missingSignIn(profile, target, isActive));
  }

  /**
   * Demo: the running emulator and PGlite. Fabric: fresh clients from the saved settings and secrets, except
   * that the active signed-in-user profile borrows the running backend's Fabric clients: a second MSAL
   * instance on the same keychain cache would redeem the same rotating refresh token at the same moment as
   * the app's own (health probe, monitor), and one of the two would be refused.
   */
  private async targetFor(profile: Profile): Promise<ConnectionTarget> {
    if (profile.kind === 'demo') {
      const demo = this.deps.demo();
      return lazyTarget({
        fabric: async () => ({ value: (await demo).fabric, owned: false }),
        db: async () => ({ value: (await demo).db, owned: false }),
      });
    }
    const conn: FabricConnection = { fields: profile, secrets: {} };
    const signedInUser = profile.authMode === 'signed-in-user';
    const savedSignIn = signedInUser ? this.deps.savedSignIn?.(profile.id) : undefined;
    for (const name of ['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const) {
      const v = await this.deps.secret(profile.id, name);
      if (v !== null) conn.secrets[name] = v;
    }
    return lazyTarget({
      // A signed-in-user profile uses the account the app signed in (its keychain cache) through MSAL's
      // silent flow; with nobody signed in the test says so (missingSignIn) instead of opening a page.
      fabric: async () => {
        const running = signedInUser ? await this.deps.runningFabric?.(profile.id) : null;
        if (running) return { value: running, owned: false };
        const clients = createFabricClients(await toFabricProfile(conn, { canSignIn: signedInUser }), {
          retry: { maxAttempts: 2, deadlineMs: 20_000 },
          ...(signedInUser ? { openBrowser: refuseSignInPage } : {}),
          ...(savedSignIn ? { cachePlugin: savedSignIn } : {}),
        });
        return { value: clients, owned: true };
      },
      db: async () => ({
        value: createPgDb(toDbProfile(conn), {
          applicationName: 'fabric-data-portal diagnostics',
          maxConnections: 2,
          onError: () => undefined,
        }),
        owned: true,
      }),
    });
  }
}

/** Runs a probe that needs a token, unless nobody is signed in for a signed-in-user profile. */
async function withSignIn(
  signIn: () => Promise<MissingSignIn | null>,
  isTokenPart: boolean,
  probe: () => Promise<CheckOutcome>,
): Promise<CheckOutcome> {
  const missing = await signIn();
  if (!missing) return probe();
  return isTokenPart ? missing.token : missing.needsToken;
}

async function checkImportFiles(target: ConnectionTarget): Promise<CheckOutcome> {
  const names = await listImportWorkbooks(target);
  if (names === null || names.length === 0) {
    return {
      status: 'warning',
      message: `No workbooks found in ${IMPORT_DIR}${names === null ? ' (the folder does not exist)' : ''}.`,
      hint: 'Upload the sales workbook (.xlsx) on the Import page before starting a run.',
    };
  }
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
  return {
    status: 'ok',
    message: `${names.length} ${plural(names.length, 'workbook')} in ${IMPORT_DIR}: ${shown}.`,
  };
}
