import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFabricServers, type FabricServers } from '../../support/fabric-servers';
import { invokeOnHost } from '../renderer/host-client';
import { expectOnPage, waitForShell } from '../renderer/portal-window';
import { usePreviewSession } from '../renderer/preview-session';
import { shootThemesAndSizes } from '../renderer/themed-shots';

// Sign-in from Settings in the browser preview: a Fabric profile with authMode 'signed-in-user' aimed at the
// standalone emulator. Clicking Sign in opens a tab (created on the click, so no popup blocker stops it),
// the host sends it to the emulator's authorize page, which approves at once and posts back to MSAL's
// loopback listener in the host; the card then shows the user. The context ignores HTTPS errors because the
// emulator's certificate is self-signed. The secrets live in the host's own store (keychain or session).

const session = usePreviewSession({ name: 'sign-in', startTimeoutMs: 300_000 });
let servers: FabricServers | null = null;
let context: BrowserContext | null = null;
let profileId = '';

beforeAll(async () => {
  servers = await startFabricServers();
  const saved = await invokeOnHost(
    session.host,
    'profiles.save',
    servers.profileInput({ name: 'Fabric as me', authMode: 'signed-in-user' }),
  );
  if (!saved.ok) throw new Error(`profiles.save: ${saved.error.message}`);
  profileId = saved.value.profile.id;
  const active = await invokeOnHost(session.host, 'profiles.activate', { id: saved.value.profile.id });
  if (!active.ok) throw new Error(`profiles.activate: ${active.error.message}`);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await servers?.dispose();
});

async function openSettings(): Promise<{ page: Page; errors: string[] }> {
  // One window at a time: every preview window is told to open the sign-in page (auth.openUrl).
  await context?.close();
  context = await session.browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    ignoreHTTPSErrors: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(session.host.url, { timeout: 120_000 });
  await waitForShell(page);
  await page.keyboard.press('Control+Digit5');
  await expectOnPage(page, 'settings');
  await page.getByTestId('profiles-table').waitFor({ timeout: 120_000 });
  return { page, errors };
}

describe('Settings: sign in as yourself (preview host, emulator)', () => {
  it('signs in through the Microsoft page in a new tab, shows the user, signs out', async () => {
    const { page, errors } = await openSettings();
    const card = page.getByTestId('sign-in-status');
    try {
      await card.getByText('Not signed in.').waitFor({ timeout: 60_000 });
      await shootThemesAndSizes(page, 'sign-in-signed-out', { fullPage: true });

      const popup = context!.waitForEvent('page');
      await card.getByRole('button', { name: 'Sign in' }).click();
      const tab = await popup;
      // The tab goes to the emulator's authorize page, then back to the host's loopback listener.
      await tab.waitForURL(/^http:\/\/localhost:\d+\//, { timeout: 60_000 });
      await tab.getByText('Signed in').first().waitFor({ timeout: 30_000 });

      const env = servers!.emulator().env;
      await card.getByText(`Signed in as`).waitFor({ timeout: 60_000 });
      expect(await card.innerText()).toContain(env.OWNER_UPN);
      await tab.close();
      // The header's profile badge names the account too (for screen readers, and in its tooltip).
      await page
        .getByTestId('active-profile')
        .filter({ hasText: `signed in as ${env.OWNER_UPN}` })
        .waitFor({ timeout: 30_000 });
      // The header's Fabric and OneLake parts, red while nobody was signed in, turn green.
      await page.locator('[data-testid="health-fabric"][data-status="ok"]').waitFor({ timeout: 30_000 });
      await shootThemesAndSizes(page, 'sign-in-signed-in', { fullPage: true });

      const status = await invokeOnHost(session.host, 'auth.status', {});
      expect(status.ok && status.value.user?.username).toBe(env.OWNER_UPN);

      await card.getByRole('button', { name: 'Sign out' }).click();
      await card.getByText('Not signed in.').waitFor({ timeout: 30_000 });
      expect(errors).toEqual([]);
    } catch (e) {
      await page.screenshot({ path: 'test-results/screenshots/sign-in-FAILED.png' }).catch(() => undefined);
      console.error(session.host.stderr().slice(-4_000));
      throw e;
    }
  }, 300_000);

  it('cancels a sign-in whose page was abandoned, signs in again, and Test connection passes every part', async () => {
    const { page, errors } = await openSettings();
    const card = page.getByTestId('sign-in-status');
    try {
      await card.getByText('Not signed in.').waitFor({ timeout: 60_000 });
      // Nobody signed in yet: Test connection says so on the token line and opens no page.
      const pagesBefore = context!.pages().length;
      await page.getByRole('button', { name: 'Test connection of Fabric as me' }).click();
      const signedOut = page.getByTestId(`connection-test-${profileId}`);
      await signedOut.waitFor({ timeout: 120_000 });
      const token = signedOut.getByTestId('part-token');
      expect(await token.getAttribute('data-status')).toBe('error');
      expect(await token.innerText()).toContain('Not signed in: use Sign in above');
      for (const part of ['pipeline', 'lakehouse']) {
        expect(await signedOut.getByTestId(`part-${part}`).getAttribute('data-status')).toBe('skipped');
      }
      expect(await signedOut.getByTestId('part-database').getAttribute('data-status')).toBe('ok');
      expect(context!.pages()).toHaveLength(pagesBefore);
      await page.evaluate('document.activeElement?.blur()');
      await shootThemesAndSizes(page, 'sign-in-test-connection-not-signed-in', { fullPage: true });

      // Microsoft's page stays open and nobody signs in (a tab left behind): it never posts back.
      await context!.route(/\/oauth2\/v2\.0\/authorize/, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<!DOCTYPE html><title>Sign in to your account</title><p>Pick an account</p>',
        }),
      );
      const popup = context!.waitForEvent('page');
      await card.getByRole('button', { name: 'Sign in' }).click();
      const tab = await popup;
      await tab.getByText('Pick an account').waitFor({ timeout: 60_000 });
      await card.getByText('Waiting for the Microsoft sign-in page…').waitFor({ timeout: 30_000 });
      const elapsed = card.getByTestId('sign-in-elapsed');
      await elapsed.filter({ hasText: /^0:0[2-9]$/ }).waitFor({ timeout: 30_000 });
      const waiting = await invokeOnHost(session.host, 'auth.status', {});
      expect(waiting.ok && waiting.value.signingIn).toBe(true);
      await shootThemesAndSizes(page, 'sign-in-waiting', { fullPage: true });

      // Cancel from the keyboard: the wait ends at once and no error shows; the analyst closes the tab.
      await card.getByRole('button', { name: 'Cancel sign-in' }).focus();
      await page.keyboard.press('Enter');
      await card.getByText('Not signed in.').waitFor({ timeout: 30_000 });
      // Focus goes back to Sign in, so the keyboard user can go on from where they were.
      await card
        .getByRole('button', { name: 'Sign in' })
        .and(page.locator(':focus'))
        .waitFor({ timeout: 10_000 });
      await tab.close();
      expect(await card.getByTestId('sign-in-error').count()).toBe(0);
      const after = await invokeOnHost(session.host, 'auth.status', {});
      expect(after.ok && after.value).toMatchObject({ signingIn: false, user: null });

      // The page works again: a new sign-in goes through (on a new loopback listener).
      await context!.unroute(/\/oauth2\/v2\.0\/authorize/);
      const popup2 = context!.waitForEvent('page');
      await card.getByRole('button', { name: 'Sign in' }).click();
      const tab2 = await popup2;
      await tab2.getByText('Signed in').first().waitFor({ timeout: 60_000 });
      await tab2.close();
      const upn = servers!.emulator().env.OWNER_UPN;
      await card.getByText('Signed in as').waitFor({ timeout: 60_000 });

      // Test connection uses that sign-in silently: every part green, the token as the user.
      const pages = context!.pages().length;
      await page.getByRole('button', { name: 'Test connection of Fabric as me' }).click();
      const result = page.getByTestId(`connection-test-${profileId}`);
      await result.waitFor({ timeout: 120_000 });
      for (const part of ['token', 'pipeline', 'lakehouse', 'database', 'schema']) {
        expect(await result.getByTestId(`part-${part}`).getAttribute('data-status')).toBe('ok');
      }
      expect(await result.getByTestId('part-token').innerText()).toContain(`as ${upn}`);
      expect(context!.pages()).toHaveLength(pages);
      await page.evaluate('document.activeElement?.blur()');
      await shootThemesAndSizes(page, 'sign-in-test-connection', { fullPage: true });
      expect(errors).toEqual([]);
    } catch (e) {
      await page
        .screenshot({ path: 'test-results/screenshots/sign-in-cancel-FAILED.png' })
        .catch(() => undefined);
      console.error(session.host.stderr().slice(-4_000));
      throw e;
    }
  }, 300_000);
});
