import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator';
import {
  createFabricClients,
  FABRIC_SCOPE,
  STORAGE_SCOPE,
  FabricError,
  type UserTokenProvider,
} from '../../../src/main/fabric';
import { postForm, signInForm } from '../../support/fake-sign-in-browser';
import { emulatorProfile } from './emulator-profile';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, speed: 20 });
});
afterAll(async () => {
  await emu?.stop();
});

/** Plays the browser: loads the authorize page and submits its auto-post form to MSAL's loopback listener. */
function fakeBrowser(ca: string, opened: string[]) {
  return async (url: string): Promise<void> => {
    opened.push(url);
    const { action, fields } = await signInForm(url, ca);
    void postForm(action, fields);
  };
}

describe('signed-in user tokens (MSAL public client, auth code + PKCE on loopback)', () => {
  it('asks the user to sign in first, then signs in interactively and refreshes silently per scope', async () => {
    const opened: string[] = [];
    const clients = createFabricClients(
      emulatorProfile(emu, { credentials: { kind: 'signed-in-user', clientId: emu.env.FABRIC_CLIENT_ID } }),
      { openBrowser: fakeBrowser(emu.caCertPem, opened) },
    );
    const tokens = clients.tokens as UserTokenProvider;
    try {
      const before = (await tokens.getToken(FABRIC_SCOPE).catch((e: unknown) => e)) as FabricError;
      expect(before.code).toBe('FABRIC_AUTH');
      expect(before.message).toBe('You are not signed in to Microsoft Fabric.');
      expect(await tokens.currentUser()).toBeUndefined();

      emu.requests.clear();
      const user = await tokens.signIn();
      expect(user.username).toBe(emu.env.OWNER_UPN);
      expect(opened).toHaveLength(1);
      const authorize = new URL(opened[0] ?? '');
      expect(authorize.origin).toBe(emu.url);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);

      const fabric = await tokens.getToken(FABRIC_SCOPE);
      const storage = await tokens.getToken(STORAGE_SCOPE);
      expect(fabric.token).not.toBe(storage.token);
      const tokenPosts = emu.requests.count({ service: 'token', method: 'POST' });
      await tokens.getToken(FABRIC_SCOPE);
      await tokens.getToken(STORAGE_SCOPE);
      expect(emu.requests.count({ service: 'token', method: 'POST' })).toBe(tokenPosts);

      // The user's token works against Fabric like the service principal's.
      emu.faults.nextJob({ kind: 'complete' });
      const run = await clients.jobs.runPipeline({
        parameters: {},
        ownerUpn: user.username,
        ownerObjectId: 'x',
      });
      expect(emu.jobs.get(run.jobInstanceId)).toBeDefined();

      await tokens.signOut();
      expect(await tokens.currentUser()).toBeUndefined();
      expect(((await tokens.getToken(FABRIC_SCOPE).catch((e: unknown) => e)) as FabricError).code).toBe(
        'FABRIC_AUTH',
      );
    } finally {
      clients.close();
    }
  });
});
