import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TIMINGS } from '../../integration/runs/harness';
import { composeTestApp } from '../../support/composed-app';
import { startFabricServers, type FabricServers } from '../../support/fabric-servers';
import { launchChromium, startPreviewHost, type PreviewHost } from '../../support/preview-host';
import { expectOnPage, openPortal, type PortalWindow } from '../renderer/portal-window';
import { keychainForHost } from './keychain-for-host';
import { shootThemesAndSizes } from '../renderer/themed-shots';

// A Fabric profile whose client secret is not in the keychain, in Chromium through the preview host: the
// banner says "Signed out" with the profile's name and the way out, and its button opens Settings. The
// secrets must come from the OS keychain (scripts/with-keyring.sh), as the host is another process.

const FILE = 'tests/e2e/offline/fabric-signed-out.test.ts';

let dataDir: string;
let servers: FabricServers | null = null;
let refusedDir: string | null = null;
const hosts: PreviewHost[] = [];
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'portal-signed-out-e2e-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const h of hosts) await h.stop();
  await servers?.dispose();
  await rm(dataDir, { recursive: true, force: true });
  if (refusedDir) await rm(refusedDir, { recursive: true, force: true });
});

/** The preview host on `dir` (the app restarted there), in a new window. */
async function openHost(dir: string): Promise<PortalWindow> {
  const host = await startPreviewHost({ dataDir: dir });
  hosts.push(host);
  return openPortal(browser, host.url);
}

/** The Signed out banner, once the page shows it. */
async function signedOutBanner(page: Page): Promise<Locator> {
  const banner = page.locator('[data-testid="offline-banner"][data-cause="credentials"]');
  await banner.waitFor({ timeout: 120_000 });
  await expect(banner.textContent()).resolves.toMatch(/^Signed out/);
  return banner;
}

describe('signed out: the client secret is not in the keychain (preview host)', () => {
  it('shows the Signed out banner with the profile and a button to Settings', async (t) => {
    servers = await startFabricServers();
    const app = await composeTestApp({ dataDir, timings: FAST_TIMINGS });
    let profileName!: string;
    try {
      const profileId = await servers.saveProfile(app.call);
      if (!(await keychainForHost(app.call, t, FILE))) return;
      profileName = (await app.call('profiles.list', {})).profiles.find((p) => p.id === profileId)!.name;
      await app.call('secrets.clear', { profileId, name: 'FABRIC_CLIENT_SECRET' });
    } finally {
      await app.dispose();
    }

    const win = await openHost(dataDir);
    const { page } = win;
    try {
      const banner = await signedOutBanner(page);
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
      if (!(await keychainForHost(app.call, t, FILE))) return;
      await app.call('runs.list', {}); // online once: the run history exists for the read-only view
      await app.call('secrets.set', {
        profileId,
        name: 'FABRIC_CLIENT_SECRET',
        value: 'the-secret-id-not-its-value',
      });
    } finally {
      await app.dispose();
    }

    const win = await openHost(refusedDir);
    const { page } = win;
    try {
      const banner = await signedOutBanner(page);
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
