import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invokeOnHost } from './host-client';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import {
  colorScheme,
  expectOnPage,
  openPortal,
  PAGE_IDS,
  PAGE_LABELS,
  SLOW_START_MS,
  unnamedControls,
  waitForShell,
  waitForStoredState,
  type PortalWindow,
} from './portal-window';

// Each test may wait for a host start (the Demo database compiles on first use); the restart test for two.
const TEST_TIMEOUT_MS = 300_000;

describe('renderer shell in the preview host', () => {
  let dataDir: string;
  let host: PreviewHost;
  let browser: Browser;
  let win: PortalWindow | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'portal-shell-'));
    host = await startPreviewHost({ dataDir });
    browser = await launchChromium();
  });

  afterEach(async () => {
    // Every test must leave the console clean: no React errors, no CSP violations, no failed requests.
    const errors = win?.errors ?? [];
    await win?.close();
    win = undefined;
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'opens on Import with the Demo profile, connection health and the run lock in the header',
    async () => {
      win = await openPortal(browser, host.url);
      const { page } = win;
      await expectOnPage(page, 'import');
      await expect(page.getByTestId('active-profile').textContent()).resolves.toContain('Demo');
      // The first lock reading waits for the Demo database (PGlite) to start, which takes long on a busy machine.
      await page.locator('[data-testid="run-lock"][data-state="free"]').waitFor({ timeout: SLOW_START_MS });
      await expect(page.getByTestId('run-lock').textContent()).resolves.toMatch(
        /^Lock: free\. No run is in progress/,
      );
      for (const part of ['fabric', 'onelake', 'database', 'keychain']) {
        const text = await page.getByTestId(`health-${part}-text`).textContent();
        expect(text).toMatch(
          /^(Fabric|OneLake|Database|Keychain): (connected|degraded|not reachable|not checked yet)\. /,
        );
      }
      await expect(page.getByRole('navigation', { name: 'Pages' }).count()).resolves.toBe(1);
      await expect(page.getByRole('main').count()).resolves.toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reaches all six pages by clicking the navigation, marking the active link with aria-current',
    async () => {
      win = await openPortal(browser, host.url);
      const { page } = win;
      for (const id of [...PAGE_IDS].reverse()) {
        await page.getByRole('link', { name: PAGE_LABELS[id] }).click();
        await expectOnPage(page, id);
        const current = page.locator('nav a[aria-current="page"]');
        await expect(current.count()).resolves.toBe(1);
        await expect(current.textContent()).resolves.toContain(PAGE_LABELS[id]);
        await expect(page.title()).resolves.toBe(`${PAGE_LABELS[id]} · Fabric Data Portal`);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reaches all six pages with Ctrl+1..6, also while focus is in the navigation',
    async () => {
      win = await openPortal(browser, host.url);
      const { page } = win;
      await page.getByRole('link', { name: 'Import' }).focus();
      for (const [i, id] of [...PAGE_IDS.entries()].reverse()) {
        await page.keyboard.press(`Control+Digit${i + 1}`);
        await expectOnPage(page, id);
        await expect(page.locator('nav a[aria-current="page"]').textContent()).resolves.toContain(
          PAGE_LABELS[id],
        );
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'offers a skip link as the first tab stop that moves focus to the main content',
    async () => {
      win = await openPortal(browser, host.url);
      const { page } = win;
      await page.keyboard.press('Tab');
      const first = page.locator(':focus');
      await expect(first.textContent()).resolves.toBe('Skip to main content');
      // Keyboard focus is visible: the global :focus-visible ring, not the browser default or nothing.
      const outline = await first.evaluate((el) => {
        const style = el.ownerDocument.defaultView?.getComputedStyle(el);
        return `${style?.outlineStyle} ${style?.outlineWidth}`;
      });
      expect(outline).toBe('solid 2px');
      await page.keyboard.press('Enter');
      await expect(page.locator(':focus').getAttribute('id')).resolves.toBe('main-content');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'gives every control on every page an accessible name',
    async () => {
      win = await openPortal(browser, host.url);
      const { page } = win;
      for (const id of PAGE_IDS) {
        await page.getByRole('link', { name: PAGE_LABELS[id] }).click();
        await expectOnPage(page, id);
        expect(await unnamedControls(page), `unnamed controls on ${id}`).toEqual([]);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lists the profiles in Settings and keeps the header on the active one when it changes',
    async () => {
      win = await openPortal(browser, host.url);
      const { page } = win;
      await page.keyboard.press('Control+Digit5');
      await expectOnPage(page, 'settings');
      const table = page.getByTestId('profiles-table');
      await table.getByText('Active', { exact: true }).waitFor();
      await expect(table.locator('tbody tr').count()).resolves.toBe(1);

      // Another window (or the CLI) adds a Fabric profile: the list follows through profiles.changed.
      const guid = '11111111-2222-4333-8444-555555555555';
      const saved = await invokeOnHost(host, 'profiles.save', {
        profile: {
          name: 'Contoso Sales',
          tenantId: guid,
          clientId: guid,
          workspaceId: guid,
          pipelineId: guid,
          lakehouseId: guid,
          postgres: { host: 'db.contoso.example', database: 'portal', user: 'analyst' },
        },
      });
      expect(saved.ok).toBe(true);
      await table.getByText('Contoso Sales').waitFor();

      await page.getByRole('button', { name: 'Use profile Contoso Sales' }).click();
      await page.getByTestId('active-profile').filter({ hasText: 'Contoso Sales' }).waitFor();

      await page.getByRole('button', { name: 'Use profile Demo' }).click();
      await page.getByTestId('active-profile').filter({ hasText: 'Demo' }).waitFor();
      if (saved.ok) await invokeOnHost(host, 'profiles.delete', { id: saved.value.profile.id });
      await expect(table.locator('tbody tr').count()).resolves.toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'toggles between light and dark theme from the header',
    async () => {
      win = await openPortal(browser, host.url);
      const { page } = win;
      const toggle = page.getByTestId('theme-toggle');
      const before = await colorScheme(page);
      expect(before).toBe('light');
      await expect(toggle.getAttribute('aria-label')).resolves.toBe('Switch to dark theme');
      await toggle.click();
      await expect(colorScheme(page)).resolves.toBe('dark');
      await expect(toggle.getAttribute('aria-label')).resolves.toBe('Switch to light theme');
      const bodyBackground = await page
        .locator('body')
        .evaluate((b) => b.ownerDocument.defaultView?.getComputedStyle(b).backgroundColor);
      expect(bodyBackground).not.toBe('rgb(255, 255, 255)');
      await toggle.click();
      await expect(colorScheme(page)).resolves.toBe('light');
      await waitForStoredState(dataDir, (s) => s.colorScheme === 'light');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'loads echarts only when the Results page shows its chart',
    async () => {
      win = await openPortal(browser, host.url);
      const { page } = win;
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(r.url());
      });
      await page.getByRole('link', { name: 'Archive' }).click();
      await expectOnPage(page, 'archive');
      expect(scripts.filter((u) => u.includes('echarts'))).toEqual([]);
      await page.getByRole('link', { name: 'Results' }).click();
      await page.locator('[data-testid="lazy-chart"][data-state="ready"]').waitFor();
      expect(scripts.filter((u) => u.includes('echarts'))).toHaveLength(1);
      await expect(page.locator('[data-testid="lazy-chart"] canvas').count()).resolves.toBeGreaterThan(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'remembers the last page after a reload, and page and theme after a host restart',
    async () => {
      win = await openPortal(browser, host.url);
      let { page } = win;
      await page.keyboard.press('Control+Digit5');
      await expectOnPage(page, 'settings');
      await waitForStoredState(dataDir, (s) => s.lastPage === 'settings');
      await page.reload();
      await waitForShell(page);
      await expectOnPage(page, 'settings');

      await page.keyboard.press('Control+Digit4');
      await expectOnPage(page, 'archive');
      await page.getByTestId('theme-toggle').click();
      const stored = await waitForStoredState(
        dataDir,
        (s) => s.lastPage === 'archive' && s.colorScheme === 'dark',
      );
      expect(stored).toMatchObject({ lastPage: 'archive', colorScheme: 'dark' });
      const errors = win.errors;
      await win.close();
      expect(errors).toEqual([]);

      // A new host process on the same data folder serves the renderer on a new port (a new origin).
      await host.stop();
      host = await startPreviewHost({ dataDir });
      win = await openPortal(browser, host.url);
      page = win.page;
      await expectOnPage(page, 'archive');
      await expect(colorScheme(page)).resolves.toBe('dark');

      // Leave the defaults for the tests that follow.
      await page.getByTestId('theme-toggle').click();
      await page.keyboard.press('Control+Digit1');
      await waitForStoredState(dataDir, (s) => s.lastPage === 'import' && s.colorScheme === 'light');
    },
    TEST_TIMEOUT_MS,
  );
});
