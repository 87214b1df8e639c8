import { mkdir, rename, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { colorScheme, expectOnPage, openPortal, unnamedControls } from '../renderer/portal-window';

// The Diagnostics page in the Demo profile: the checks run against the host's emulator and PGlite when the
// page opens; a lakehouse without import workbooks turns one check into a warning with its fix.

const SHOTS = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const CHECK_IDS = ['token', 'trigger', 'database', 'schema', 'lock', 'importFiles'];

let host: PreviewHost;
let browser: Browser;

async function openDiagnostics(page: Page): Promise<void> {
  await page.keyboard.press('Control+Digit6');
  await expectOnPage(page, 'diagnostics');
}

/** Waits until every check has a result and none is still running. */
async function checksSettled(page: Page): Promise<void> {
  // The first answer waits for the Demo environment (PGlite, emulator) to start.
  await page.getByTestId('check-importFiles').waitFor({ timeout: 120_000 });
  await page.getByText('Checking…').waitFor({ state: 'detached', timeout: 60_000 });
}

async function shoot(state: string, settle: (page: Page) => Promise<void>): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  for (const size of SIZES) {
    const win = await openPortal(browser, host.url, size);
    try {
      for (const scheme of ['light', 'dark'] as const) {
        if ((await colorScheme(win.page)) !== scheme) await win.page.getByTestId('theme-toggle').click();
        await openDiagnostics(win.page);
        await settle(win.page);
        await win.page.mouse.move(0, 0);
        await win.page.waitForTimeout(300);
        const file = join(SHOTS, `diagnostics-${state}-${scheme}-${size.width}x${size.height}.png`);
        await win.page.screenshot({ path: file, fullPage: true });
        expect((await stat(file)).size).toBeGreaterThan(10_000);
      }
      await win.page.getByTestId('theme-toggle').click();
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
  }
}

beforeAll(async () => {
  host = await startPreviewHost();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('Diagnostics page (Demo profile)', () => {
  it('runs every check by itself on opening, all passing, and copies a report without secrets', async () => {
    const win = await openPortal(browser, host.url);
    try {
      await win.page
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
      await openDiagnostics(win.page);
      await checksSettled(win.page);
      for (const id of CHECK_IDS) {
        await expect(win.page.getByTestId(`check-${id}`).getAttribute('data-status')).resolves.toBe('ok');
      }
      await win.page.getByText('All 6 checks passed').waitFor();
      await expect(win.page.getByTestId('check-importFiles').textContent()).resolves.toContain(
        'sales_orders_fact.xlsx',
      );
      await expect(win.page.getByRole('img', { name: 'Passed' }).count()).resolves.toBe(6);

      await win.page.getByRole('button', { name: 'Copy report' }).click();
      await win.page.getByRole('button', { name: 'Report copied' }).waitFor();
      const report = await win.page.evaluate<string>('navigator.clipboard.readText()');
      expect(report).toMatch(/^Fabric Data Portal diagnostics/);
      expect(report).toContain('Profile:  Demo');
      expect(report).toContain('[OK  ] Trigger permission');
      expect(report).not.toMatch(/secret-|client_secret/i);
      expect(report).toMatch(/Recent warnings and errors from the log \(\d+\):/);
      expect(report).not.toContain(host.token);

      await expect(unnamedControls(win.page)).resolves.toEqual([]);
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
    await shoot('ok', checksSettled);
  });

  it('warns with the fix when Files/import has no workbook, and passes again once it is back', async () => {
    const importDir = join(host.dataDir, 'demo', 'lakehouse', 'Files', 'import');
    await rename(importDir, `${importDir}.aside`);
    const win = await openPortal(browser, host.url);
    try {
      await openDiagnostics(win.page);
      await checksSettled(win.page);
      const row = win.page.getByTestId('check-importFiles');
      await expect(row.getAttribute('data-status')).resolves.toBe('warning');
      await expect(row.textContent()).resolves.toMatch(
        /No workbooks found in Files\/import.*Fix:.*Import page/,
      );
      await win.page.getByText('1 needs attention, 5 passed').waitFor();
      await shoot('no-import-files', checksSettled);

      await rename(`${importDir}.aside`, importDir);
      await win.page.getByRole('button', { name: 'Run checks again' }).click();
      await win.page
        .locator('[data-testid="check-importFiles"][data-status="ok"]')
        .waitFor({ timeout: 60_000 });
      expect(win.errors).toEqual([]);
    } finally {
      await win.close();
    }
  });
});
