import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TIMINGS } from '../../integration/runs/harness';
import { composeTestApp } from '../../support/composed-app';
import { startFabricServers, type FabricServers } from '../../support/fabric-servers';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { expectOnPage, openPortal } from '../renderer/portal-window';
import { shootThemesAndSizes } from '../renderer/themed-shots';

// A Fabric profile whose client secret is not in the keychain, in Chromium through the preview host: the
// banner says "Signed out" with the profile's name and the way out, and its button opens Settings. The
// secrets must come from the OS keychain (scripts/with-keyring.sh), as the host is another process.

const NO_KEYCHAIN =
  'No OS keychain is reachable, so the preview host (another process) cannot read the profile secrets. Run under scripts/with-keyring.sh (apt-get install dbus gnome-keyring).';

let dataDir: string;
let servers: FabricServers | null = null;
let host: PreviewHost | null = null;
let refusedDir: string | null = null;
let refusedHost: PreviewHost | null = null;
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'portal-signed-out-e2e-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await refusedHost?.stop();
  await servers?.dispose();
  await rm(dataDir, { recursive: true, force: true });
  if (refusedDir) await rm(refusedDir, { recursive: true, force: true });
});

describe('signed out: the client secret is not in the keychain (preview host)', () => {
  it('shows the Signed out banner with the profile and a button to Settings', async (t) => {
    servers = await startFabricServers();
    const app = await composeTestApp({ dataDir, timings: FAST_TIMINGS });
    let profileName!: string;
    try {
      const profileId = await servers.saveProfile(app.call);
      if ((await app.call('config.keychainStatus', {})).storage !== 'keychain') {
        if (process.env.CI === 'true') throw new Error(NO_KEYCHAIN);
        console.warn(`[signed-out e2e] skipped: ${NO_KEYCHAIN}`);
        t.skip();
        return;
      }
      profileName = (await app.call('profiles.list', {})).profiles.find((p) => p.id === profileId)!.name;
      await app.call('secrets.clear', { profileId, name: 'FABRIC_CLIENT_SECRET' });
    } finally {
      await app.dispose();
    }

    host = await startPreviewHost({ dataDir });
    const win = await openPortal(browser, host.url);
    const { page } = win;
    try {
      const banner = page.locator('[data-testid="offline-banner"][data-cause="credentials"]');
      await banner.waitFor({ timeout: 120_000 });
      await expect(banner.textContent()).resolves.toMatch(/^Signed out/);
      await expect(page.getByTestId('signed-out-reason').textContent()).resolves.toMatch(
        new RegExp(`"${profileName}" has no client secret: it is not in the keychain.*Settings → Profiles`),
      );
      const shots = await shootThemesAndSizes(page, 'signed-out-banner', { fullPage: false });
      expect(shots.length).toBe(4);
      for (const s of shots) expect((await stat(s)).size).toBeGreaterThan(10_000);

      await banner.getByRole('button', { name: 'Open Settings' }).click();
      await expectOnPage(page, 'settings');
      expect(win.errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
    } finally {
      await win.close();
    }
  }, 600_000);

  it('a secret Entra ID refuses: Signed out quoting AADSTS7000215; a new secret stored in Settings reconnects', async (t) => {
    servers ??= await startFabricServers();
    refusedDir = await mkdtemp(join(tmpdir(), 'portal-secret-refused-e2e-'));
    const name = 'Contoso (rotated secret)';
    const app = await composeTestApp({ dataDir: refusedDir, timings: FAST_TIMINGS });
    try {
      const profileId = await servers.saveProfile(app.call, name);
      if ((await app.call('config.keychainStatus', {})).storage !== 'keychain') {
        if (process.env.CI === 'true') throw new Error(NO_KEYCHAIN);
        console.warn(`[signed-out e2e] skipped: ${NO_KEYCHAIN}`);
        t.skip();
        return;
      }
      await app.call('runs.list', {}); // online once: the run history exists for the read-only view
      await app.call('secrets.set', {
        profileId,
        name: 'FABRIC_CLIENT_SECRET',
        value: 'the-secret-id-not-its-value',
      });
    } finally {
      await app.dispose();
    }

    refusedHost = await startPreviewHost({ dataDir: refusedDir });
    const win = await openPortal(browser, refusedHost.url);
    const { page } = win;
    try {
      const banner = page.locator('[data-testid="offline-banner"][data-cause="credentials"]');
      await banner.waitFor({ timeout: 120_000 });
      await expect(banner.textContent()).resolves.toMatch(/^Signed out/);
      await expect(page.getByTestId('signed-out-reason').textContent()).resolves.toMatch(
        /^Entra ID refused the client secret of profile "Contoso \(rotated secret\)" \(AADSTS7000215: Invalid client secret provided\. .*\)\. Open Settings → Profiles/,
      );
      const shots = await shootThemesAndSizes(page, 'signed-out-refused-banner', { fullPage: false });
      expect(shots.length).toBe(4);

      // The way out: Settings → the profile → replace the client secret; the banner goes by itself.
      await banner.getByRole('button', { name: 'Open Settings' }).click();
      await expectOnPage(page, 'settings');
      await page.getByRole('button', { name: `Edit profile ${name}` }).click();
      const secret = page.getByRole('dialog').getByTestId('secret-FABRIC_CLIENT_SECRET');
      await secret.getByRole('button', { name: 'Replace Client secret' }).click();
      await secret.getByLabel('New client secret').fill(servers.secrets.FABRIC_CLIENT_SECRET);
      await secret.getByRole('button', { name: 'Save secret' }).click();
      await secret.getByText('Set (OS keychain)').waitFor();
      await page.keyboard.press('Escape');
      await page.locator('[data-testid="offline-banner"]').waitFor({ state: 'detached', timeout: 60_000 });
      expect(win.errors.filter((e) => e.startsWith('uncaught'))).toEqual([]);
    } finally {
      await win.close();
    }
  }, 600_000);
});
