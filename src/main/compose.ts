import { join } from 'node:path';
import { createAppInfoService, type AppInfoService } from './app/app-info';
import { createHealthService, type HealthService } from './app/health';
import { createLifecycle, type Lifecycle } from './app/lifecycle';
import { createConfigServices, type SettingsService } from './config';
import { createEventBus, type EventBus } from './ipc/event-bus';
import { appHandlers } from './ipc/handlers/app';
import { settingsHandlers } from './ipc/handlers/settings';
import { uiHandlers } from './ipc/handlers/ui';
import { createRouter, type Handlers, type Router } from './ipc/router';
import type { HostKind, Logger } from './ipc/types';
import type { Redactor } from './log/redact';
import { createUiStateStore, type UiStateStore } from './ui-state/store';

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
}

export interface Services {
  appInfo: AppInfoService;
  health: HealthService;
  uiState: UiStateStore;
  settings: SettingsService;
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

  const services: Services = { appInfo, health, uiState, settings: config.settings };

  // ---- handlers -------------------------------------------------------------------------------------------
  const handlers: Handlers = {
    ...appHandlers(services),
    ...uiHandlers(services),
    ...settingsHandlers(services),
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
