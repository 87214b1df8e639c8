import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { colorScheme } from './portal-window';

// Screenshots of whatever the page shows now, in light and dark at 1280×800 and 1920×1080, named
// test-results/screenshots/<name>-<theme>-<width>x<height>.png. Shared by the e2e journeys.

export const SHOTS_DIR = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');
export const SHOT_SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * Switches the app's theme with the header toggle. The click is dispatched to the button itself, so an open
 * dialog (whose overlay covers the header) stays open and is shot as it is.
 */
export async function switchTheme(page: Page, want: Theme): Promise<void> {
  if ((await colorScheme(page)) === want) return;
  await page.getByTestId('theme-toggle').dispatchEvent('click');
  await page.locator(`html[data-mantine-color-scheme="${want}"]`).waitFor();
}

/** Waits until charts have rendered and CSS transitions (modals, drawers, hover) have finished. */
async function settle(page: Page): Promise<void> {
  await page
    .locator('[data-testid="lazy-chart"][data-state="loading"]')
    .first()
    .waitFor({ state: 'detached' });
  // A string, evaluated over CDP: this project's Node types have no DOM, and the page's CSP does not apply.
  // Endless animations (a running run's striped bar, loaders) never finish and are left out.
  await page.evaluate(`Promise.all(
    document.getAnimations()
      .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
      .map((a) => a.finished.catch(() => null)),
  ).then(() => true)`);
  // echarts animates on its canvas, which no DOM event reports; a short pause keeps bars from being half-drawn.
  await page.waitForTimeout(250);
}

/**
 * The page in both themes (or only options.themes) at both sizes; returns the files written. Leaves the page
 * in the theme and size it had before.
 */
export async function shootThemesAndSizes(
  page: Page,
  name: string,
  options: { fullPage?: boolean; themes?: readonly Theme[] } = {},
): Promise<string[]> {
  await mkdir(SHOTS_DIR, { recursive: true });
  const before = ((await colorScheme(page)) ?? 'light') as Theme;
  const size = page.viewportSize() ?? SHOT_SIZES[0];
  const files: string[] = [];
  await page.mouse.move(0, 0);
  for (const theme of options.themes ?? THEMES) {
    await switchTheme(page, theme);
    for (const s of SHOT_SIZES) {
      await page.setViewportSize(s);
      await settle(page);
      const file = join(SHOTS_DIR, `${name}-${theme}-${s.width}x${s.height}.png`);
      await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
      // A blank or failed capture is a few hundred bytes.
      if ((await stat(file)).size < 10_000) throw new Error(`The screenshot ${file} is nearly empty.`);
      files.push(file);
    }
  }
  await switchTheme(page, before);
  await page.setViewportSize(size);
  return files;
}
