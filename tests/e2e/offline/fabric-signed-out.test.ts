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
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'portal-signed-out-e2e-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await servers?.dispose();
  await rm(dataDir, { recursive: true, force: true });
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
});
