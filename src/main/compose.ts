import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createArtifactServices, type ArtifactServices } from './artifacts';
import { createAppInfoService, type AppInfoService } from './app/app-info';
import { createHealthService, type HealthService } from './app/health';
import { createLifecycle, type Lifecycle } from './app/lifecycle';
import { createConfigServices, type SettingsService } from './config';
import { createEventBus, type EventBus } from './ipc/event-bus';
import { appHandlers } from './ipc/handlers/app';
import { settingsHandlers } from './ipc/handlers/settings';
import { uiHandlers } from './ipc/handlers/ui';
import { runsHandlers } from './ipc/handlers/runs';
import { archiveHandlers } from './ipc/handlers/archive';
import { artifactsHandlers } from './ipc/handlers/artifacts';
import { bundlesHandlers } from './ipc/handlers/bundles';
import { createBundleOpener, type BundleOpener } from './artifacts/bundle-opener';
import { BundleUploads } from './artifacts/bundle-uploads';
import { filesHandlers } from './ipc/handlers/files';
import { canConnect, createOfflineServices } from './offline';
import { diagnosticsHandlers } from './ipc/handlers/diagnostics';
import { DiagnosticsService } from './diagnostics';
import { logFilePath } from './log/logger';
import { createImportServices, type ImportServices } from './files';
import { startDemoEnvironment } from './demo/demo-environment';
import { WorkbookInspector } from './ingest/workbook-inspector';
import { openRunBackend } from './runs/backend';
import { RunBackendHost } from './runs/backend-host';
import { loadInstallIdentity } from './runs/install-identity';
import { probeFabricHealth } from './runs/fabric-health';
import type { RunTimings } from './runs/run-deps';
import { createRouter, type Handlers, type Router } from './ipc/router';
import type { HostKind, Logger } from './ipc/types';
import type { Redactor } from './log/redact';
import { createUiStateStore, type UiStateStore } from './ui-state/store';
import { AuthService } from './auth/auth-service';
import { KeychainTokenCaches } from './auth/keychain-cache-plugin';
import { signedInIdentity } from './auth/signed-in-identity';
import { authHandlers } from './ipc/handlers/auth';
import { signInPageOpener } from './auth/sign-in-page-opener';

// The composition root: the ONE place where services are built and their dependencies passed in. Both the
// Electron main process (src/main/index.ts) and the browser preview host (src/main/preview/index.ts) call
// composeApp, so they run exactly the same services.
//
// Adding a domain (settings, db, fabric, runs, files...):
//   1. build its service in the "services" section below, passing what it needs (logger, dataDir, other
//      services, events) and register its cleanup with `onDispose`;
//   2. add it to `Services`;
//   3. spread its handlers (src/main/ipc/handlers/<domain>.ts) into `handlers` — the `Handlers` type makes
//      the compiler complain until every channel in the contract has a handler.

export interface ComposeOptions {
  host: HostKind;
  /** Electron: app.getPath('userData'); preview host: --data-dir, $PORTAL_DATA_DIR or ~/.fabric-data-portal */
  dataDir: string;
  logger: Logger;
  /** the app's one redactor: the logger uses it; the secret store registers the secrets it reads */
  redactor: Redactor;
  version: string;
  platform?: string;
  /** run services: open the active profile's backend (demo: PGlite + emulator) in the background at start
   * (default true); shorter timings for tests */
  runs?: { warmUp?: boolean; timings?: Partial<RunTimings> };
  /** the Demo emulator's job pace (1 = normal; tests slow it to look at a held lock) */
  demoSpeed?: number;
  /** opens the Microsoft sign-in page (Electron: shell.openExternal); without it the renderer is asked to
   * open it (auth.openUrl), as the browser preview must */
  openBrowser?: (url: string) => Promise<void>;
}

export interface Services {
  appInfo: AppInfoService;
  health: HealthService;
  uiState: UiStateStore;
  settings: SettingsService;
  runBackend: RunBackendHost;
  artifacts: ArtifactServices;
  /** opens a .fdpbundle (Electron File → Open…, a dropped file, a browser upload) */
  bundleOpener: BundleOpener;
  bundleUploads: BundleUploads;
  imports: ImportServices;
  diagnostics: DiagnosticsService;
  auth: AuthService;
}

export interface ComposedApp {
  router: Router;
  events: EventBus;
  services: Services;
  /** powerMonitor suspend/resume and online/offline are forwarded here. */
  lifecycle: Lifecycle;
  dispose(): Promise<void>;
}

export async function composeApp(options: ComposeOptions): Promise<ComposedApp> {
  const { logger, dataDir, host } = options;
  const disposers: Array<() => void | Promise<void>> = [];
  const onDispose = (fn: () => void | Promise<void>): void => void disposers.push(fn);

  const events = createEventBus({ logger });
  const lifecycle = createLifecycle({
    onHookError: (event, error) =>
      logger.error(`Lifecycle hook for ${event} failed`, { error: String(error) }),
  });

  // ---- services -------------------------------------------------------------------------------------------
  const health = createHealthService();
  onDispose(health.onChange((h) => events.emit('health.changed', h)));

  // Profiles (profiles.json) and secrets (OS keychain, or session memory when none answers).
  const config = await createConfigServices({
    dataDir,
    logger: logger.child({ scope: 'config' }),
    redactor: options.redactor,
  });
  onDispose(config.profiles.onChange((list) => events.emit('profiles.changed', list)));
  const reportKeychain = (s: { storage: string; message: string }): void =>
    health.report('keychain', s.storage === 'keychain' ? 'ok' : 'degraded', s.message);
  reportKeychain(config.secrets.status());
  onDispose(config.secrets.onStatusChange(reportKeychain));

  const appInfo = createAppInfoService({
    version: options.version,
    host,
    platform: options.platform ?? process.platform,
    dataDir,
    activeProfile: async () => {
      const { id, name, kind } = config.settings.activeProfile();
      return { id, name, kind };
    },
  });

  const uiState = createUiStateStore({
    filePath: join(dataDir, 'ui-state.json'),
    warn: (m) => logger.warn(m),
  });

  // Runs: the active profile's database, Fabric clients and run services (src/main/runs, src/main/demo).
  // Sign-in (signed-in-user profiles): requested_by follows the signed-in analyst (src/main/auth).
  const tokenCaches = new KeychainTokenCaches(config.secrets, logger.child({ scope: 'auth' }));
  const auth: AuthService = new AuthService({
    activeProfile: () => config.settings.activeProfile(),
    tokens: async () => (await runBackend.ready()).fabric.tokens,
    forgetSavedSignIn: (profileId) => tokenCaches.forget(profileId),
    onChange: (status) => {
      events.emit('auth.changed', status);
      if (status.user) {
        runBackend
          .ready()
          .then((b) => probeFabricHealth(b.fabric, (...r) => health.report(...r)))
          .catch(() => undefined);
      }
    },
  });
  const openBrowser =
    options.openBrowser ?? (async (url: string): Promise<void> => void events.emit('auth.openUrl', { url }));
  const identity = signedInIdentity(await loadInstallIdentity(dataDir), () => auth.username());
  const inspector = new WorkbookInspector();
  const runsLogger = logger.child({ scope: 'runs' });
  // Set once the offline layer exists (below): what to do when Entra refuses the open backend's secret.
  let credentialsRefused: () => void = () => undefined;
  const runBackend = new RunBackendHost({
    activeProfile: () => config.settings.activeProfile(),
    logger: runsLogger,
    open: async (profile) => {
      const backend = await openRunBackend(profile, {
        logger: runsLogger,
        identity,
        inspector,
        ...(options.runs?.timings ? { timings: options.runs.timings } : {}),
        startDemo: () =>
          startDemoEnvironment(dataDir, {
            warn: (m) => runsLogger.warn(m),
            ...(options.demoSpeed !== undefined ? { speed: options.demoSpeed } : {}),
          }),
        secret: (profileId, name) => config.secrets.get(profileId, name),
        onRunChanged: (p) => events.emit('run.changed', p),
        onLockChanged: (s) => events.emit('lock.changed', s),
        onHealth: (part, status, message) => health.report(part, status, message),
        onCredentialsRefused: () => credentialsRefused(),
        fabricDeps: {
          openBrowser: auth.watchSignInPage(
            signInPageOpener(profile.kind === 'fabric' ? profile.endpoints.authorityUrl : null, openBrowser),
          ),
          cachePlugin: tokenCaches.pluginFor(profile.id),
        },
      });
      await auth.backendOpened(profile.id, backend.fabric.tokens);
      return backend;
    },
  });
  onDispose(() => runBackend.close());
  onDispose(config.profiles.onChange(() => void runBackend.profileChanged()));
  onDispose(lifecycle.on('suspend', async () => (await runBackend.ready()).services.monitor.suspend()));
  onDispose(lifecycle.on('resume', async () => (await runBackend.ready()).services.monitor.resume()));
  if (options.runs?.warmUp !== false) runBackend.warmUp();

  // Artifacts: offline cache, cleaned-data pages and run bundles, over the active profile's OneLake client.
  const artifacts = await createArtifactServices({
    dataDir,
    appVersion: options.version,
    activeProfileId: () => config.settings.activeProfile().id,
    source: async () => ({
      profileId: config.settings.activeProfile().id,
      onelake: (await runBackend.ready()).fabric.onelake,
    }),
    exportedBy: () => {
      try {
        return userInfo().username;
      } catch {
        return 'unknown user';
      }
    },
    onProgress: (p) => events.emit('download.progress', p),
    onSaveProgress: (p) => events.emit('save.progress', p),
    onTableProgress: (p) => events.emit('table.progress', p),
    records: {
      getRun: async (runId) => (await runBackend.ready()).services.orchestrator.get(runId).catch(() => null),
      getEvents: async (runId) => (await runBackend.ready()).services.orchestrator.events(runId, 1_000),
    },
    warn: (m, fields) => logger.warn(m, fields),
  });
  onDispose(() => artifacts.close());
  const bundleOpener = createBundleOpener({ bundles: artifacts.bundles, reader: artifacts.reader });
  const bundleUploads = new BundleUploads({
    tempDir: (label) => artifacts.cache.stagingDir(label),
    open: (path, label) => bundleOpener.open(path, label),
  });
  onDispose(() => bundleUploads.close());

  // Import page: chunked uploads into Files/import, live inspection, the last successful run's input profile.
  const imports = createImportServices({
    onelake: async () => (await runBackend.ready()).fabric.onelake,
    inspector,
    listRuns: async (query) => (await runBackend.ready()).services.orchestrator.list(query),
    requestedBy: () => identity.label,
    tmpDir: tmpdir(),
    onUploadProgress: (p) => events.emit('upload.progress', p),
    onInspectProgress: (p) => events.emit('inspect.progress', p),
  });
  onDispose(() => imports.close());

  // Settings' connection tests and the Diagnostics page's checks, with the same clients runs use.
  const diagnostics = new DiagnosticsService({
    appVersion: options.version,
    platform: options.platform ?? process.platform,
    profile: (id) => config.profiles.get(id),
    activeProfile: () => config.settings.activeProfile(),
    secret: (profileId, name) => config.secrets.get(profileId, name),
    secretsStatus: (profileId) => config.secrets.statusFor(profileId),
    demo: async () => {
      const b = await runBackend.ready();
      return { fabric: b.fabric, db: b.db };
    },
    logPath: logFilePath(dataDir),
    redact: (text) => options.redactor.text(text),
    savedSignIn: (profileId) => tokenCaches.pluginFor(profileId),
    runningFabric: async (profileId) =>
      config.settings.activeProfile().id === profileId
        ? runBackend
            .ready()
            .then((b) => b.fabric)
            .catch(() => null)
        : null,
  });

  const services: Services = {
    appInfo,
    health,
    uiState,
    settings: config.settings,
    runBackend,
    artifacts,
    bundleOpener,
    bundleUploads,
    imports,
    diagnostics,
    auth,
  };

  // Offline: runs and archive answers are kept in a local run history and answered from it (marked offline)
  // when the database cannot be reached; a reconnect loop syncs it again when it can.
  // The signed-out reason goes to the Fabric health once per reason: when the right secret is stored, the
  // reopened backend's passing Fabric check comes before the monitor goes online and must not be overwritten.
  let signedOutShown: string | null = null;
  const offline = createOfflineServices({
    dataDir,
    activeProfileId: () => config.settings.activeProfile().id,
    online: { ...runsHandlers(services), ...archiveHandlers(services) },
    probe: async () => void (await (await runBackend.ready()).services.orchestrator.lockStatus()),
    onChange: (state) => {
      events.emit('connectivity.changed', state);
      const signedOut = !state.online && state.cause === 'credentials' ? (state.reason ?? '') : null;
      if (signedOut !== null && signedOut !== signedOutShown) health.report('fabric', 'down', signedOut);
      else if (signedOut === null && !state.online && state.database === 'unreachable')
        health.report('database', 'down', state.reason ?? '');
      signedOutShown = signedOut;
      // The backend's own Fabric check never runs while the database is away; say what the offline check saw.
      if (!state.online && state.fabric === 'unreachable' && health.get().fabric.status === 'unknown')
        health.report('fabric', 'down', 'The Fabric API cannot be reached (no connection to its server).');
    },
    warn: (m) => logger.warn(m),
    checkAtStart: options.runs?.warmUp !== false,
    fabricReachable: async () => {
      const p = config.settings.activeProfile();
      return p.kind === 'fabric' ? canConnect(p.endpoints.fabricApiUrl) : null;
    },
  });
  onDispose(() => offline.close());
  onDispose(events.on('run.changed', (p) => p.run && offline.runChanged(p.run)));
  onDispose(
    health.onChange(
      (h) => h.fabric.status !== 'unknown' && offline.connectivity.reportFabric(h.fabric.status === 'ok'),
    ),
  );
  onDispose(lifecycle.on('online', () => offline.connectivity.retryNow()));
  // Opens the run services again with the stored secrets and rechecks: a right one reconnects, a missing or
  // refused one says "Signed out" at once.
  const reopenWithSecrets = (): Promise<void> =>
    runBackend.secretsChanged().then(() => offline.connectivity.recheck());
  // A secret Entra ID refuses while the app runs (it expired, or was revoked) is treated as at start.
  let reopening = false;
  credentialsRefused = () => {
    if (reopening) return;
    reopening = true;
    runsLogger.warn('Entra ID refused the active profile’s credentials; opening the run services again');
    void reopenWithSecrets().finally(() => (reopening = false));
  };
  // A secret stored in Settings (the missing client secret, a rotated password) is used at once.
  onDispose(
    config.settings.onSecretsChanged((profileId) => {
      if (profileId === config.settings.activeProfile().id) void reopenWithSecrets();
    }),
  );

  // ---- handlers -------------------------------------------------------------------------------------------
  const handlers: Handlers = {
    ...appHandlers(services),
    ...uiHandlers(services),
    ...settingsHandlers(services),
    ...runsHandlers(services),
    ...artifactsHandlers(services),
    ...bundlesHandlers(services),
    ...archiveHandlers(services),
    ...filesHandlers(services),
    ...diagnosticsHandlers(services),
    ...authHandlers(services),
    ...offline.handlers,
  };
  const router = createRouter({ handlers, logger });

  logger.info('App composed', { host, dataDir });

  let disposed = false;
  return {
    router,
    events,
    services,
    lifecycle,
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const fn of disposers.reverse()) {
        try {
          await fn();
        } catch (error) {
          logger.error('Dispose step failed', { error: String(error) });
        }
      }
    },
  };
}
