import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { openPortal, type PortalWindow } from './portal-window';
import { SHOTS_DIR, shootThemesAndSizes } from './themed-shots';

// The setup every e2e page test and journey repeats: a temporary data folder (prepared before the host
// starts, e.g. workbooks placed in the Demo lakehouse), the built preview host on it, system Chromium, and
// clean-up afterwards.

export interface PreviewSession {
  readonly host: PreviewHost;
  readonly browser: Browser;
  readonly dataDir: string;
  /**
   * Another preview host on a fresh data folder of its own (e.g. a second laptop), stopped and removed after
   * the file's tests unless stopped before.
   */
  startHost(label: string, env?: Record<string, string>): Promise<PreviewHost>;
  /** a new browser context on the portal, the shell loaded */
  open(viewport?: { width: number; height: number }): Promise<PortalWindow>;
  /**
   * For a failed test: a screenshot of the window to test-results/screenshots/<name>-FAILED.png and the
   * host's last log lines on stderr.
   */
  reportFailure(win: PortalWindow, name: string): Promise<void>;
  /**
   * A state shot in a window of its own: opens the portal, lets setUp bring the page into the state, takes
   * shootThemesAndSizes(<name>) and closes the window; fails if the page logged an error meanwhile.
   */
  shootState(
    name: string,
    setUp: (page: Page) => Promise<void>,
    options?: { fullPage?: boolean },
  ): Promise<string[]>;
}

export interface PreviewSessionOptions {
  /** prefix of the temporary data folder */
  name: string;
  /** extra environment of the host, e.g. PORTAL_DEMO_SPEED */
  env?: Record<string, string>;
  /** runs on the empty data folder before the host starts */
  prepare?: (dataDir: string) => Promise<void> | void;
  /** budget for preparing and starting; default 300 s (a build may run first) */
  startTimeoutMs?: number;
}

/** Registers beforeAll/afterAll in the calling file; the returned session is usable inside its tests. */
export function usePreviewSession(options: PreviewSessionOptions): PreviewSession {
  let host: PreviewHost | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  const extraHosts: PreviewHost[] = [];
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The preview session's ${what} is used before beforeAll ran.`);
    return value;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), `portal-${options.name}-`));
    await options.prepare?.(dataDir);
    host = await startPreviewHost({ dataDir, ...(options.env ? { env: options.env } : {}) });
    browser = await launchChromium();
  }, options.startTimeoutMs ?? 300_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    for (const extra of extraHosts) {
      await extra.stop();
      await rm(extra.dataDir, { recursive: true, force: true });
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  return {
    get host() {
      return need(host, 'host');
    },
    get browser() {
      return need(browser, 'browser');
    },
    get dataDir() {
      return need(dataDir, 'data folder');
    },
    async startHost(label, env) {
      const dir = await mkdtemp(join(tmpdir(), `portal-${options.name}-${label}-`));
      const extra = await startPreviewHost({ dataDir: dir, ...(env ? { env } : {}) }).catch(
        async (e: unknown) => {
          await rm(dir, { recursive: true, force: true });
          throw e;
        },
      );
      extraHosts.push(extra);
      return extra;
    },
    open: (viewport) => openPortal(need(browser, 'browser'), need(host, 'host').url, viewport),
    async reportFailure(win, name) {
      await mkdir(SHOTS_DIR, { recursive: true });
      await win.page.screenshot({ path: join(SHOTS_DIR, `${name}-FAILED.png`) }).catch(() => undefined);
      console.error(`${name}: the host's last log lines:\n${host?.stderr().slice(-4_000) ?? '(no host)'}`);
    },
    async shootState(name, setUp, shotOptions = {}) {
      const win = await openPortal(need(browser, 'browser'), need(host, 'host').url);
      try {
        await setUp(win.page);
        const files = await shootThemesAndSizes(win.page, name, shotOptions);
        if (win.errors.length > 0) {
          throw new Error(`The page logged errors while shooting ${name}:\n${win.errors.join('\n')}`);
        }
        return files;
      } finally {
        await win.close();
      }
    },
  };
}
