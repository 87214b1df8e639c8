import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { colorScheme, expectOnPage, openPortal, PAGE_IDS, type PageId } from './portal-window';

// Every page in both themes at a laptop and a desktop size, for review and for the README
// (docs/screenshots/ holds the copies chosen for it).
const OUT_DIR = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const SCHEMES = ['light', 'dark'] as const;

async function settle(page: Page, id: PageId): Promise<void> {
  await expectOnPage(page, id);
  // Charts load lazily; wait until every chart on the page is drawn.
  await page
    .locator('[data-testid="lazy-chart"][data-state="loading"]')
    .first()
    .waitFor({ state: 'detached' });
  // Header health dots have answered (app.health), so the shot shows real state, not "Checking…".
  await page
    .getByTestId('health-fabric-text')
    .filter({ hasNotText: 'Checking' })
    .waitFor({ state: 'attached' });
  // Keep the pointer off every control so no hover state or tooltip lands in the picture.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
}

describe('screenshots of every page', () => {
  let host: PreviewHost;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(OUT_DIR, { recursive: true });
    host = await startPreviewHost();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  for (const viewport of VIEWPORTS) {
    it(`captures the six pages in light and dark at ${viewport.width}×${viewport.height}`, async () => {
      const win = await openPortal(browser, host.url, viewport);
      const { page } = win;
      try {
        for (const scheme of SCHEMES) {
          if ((await colorScheme(page)) !== scheme) await page.getByTestId('theme-toggle').click();
          expect(await colorScheme(page)).toBe(scheme);
          for (const [i, id] of PAGE_IDS.entries()) {
            await page.keyboard.press(`Control+Digit${i + 1}`);
            await settle(page, id);
            const file = join(OUT_DIR, `${id}-${scheme}-${viewport.width}x${viewport.height}.png`);
            await page.screenshot({ path: file });
            expect((await stat(file)).size).toBeGreaterThan(10_000);
          }
        }
        // Back to the defaults, so this data folder does not open in dark next time.
        await page.getByTestId('theme-toggle').click();
        await page.keyboard.press('Control+Digit1');
        expect(win.errors).toEqual([]);
      } finally {
        await win.close();
      }
    }, 300_000);
  }
});
