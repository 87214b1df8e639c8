import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { createFabricClients, FABRIC_SCOPE, STORAGE_SCOPE, FabricError } from '../../../src/main/fabric';
import { emulatorProfile } from './emulator-profile';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, speed: 20 });
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => {
  emu.faults.clear();
  emu.requests.clear();
});

describe('client-credentials tokens from the emulator (real MSAL over HTTPS)', () => {
  it('gets a token per scope, serves the second call from cache, and shares one in-flight request', async () => {
    const { tokens, close } = createFabricClients(emulatorProfile(emu));
    try {
      const [a, b, c] = await Promise.all([
        tokens.getToken(FABRIC_SCOPE),
        tokens.getToken(FABRIC_SCOPE),
        tokens.getToken(FABRIC_SCOPE),
      ]);
      expect(a.token.split('.')).toHaveLength(3);
      expect(b.token).toBe(a.token);
      expect(c.token).toBe(a.token);
      expect(a.expiresOn).toBeGreaterThan(Date.now() + 30 * 60_000);
      expect(emu.requests.count({ service: 'token' })).toBe(1);

      const again = await tokens.getToken(FABRIC_SCOPE);
      expect(again.token).toBe(a.token);
      expect(emu.requests.count({ service: 'token' })).toBe(1);

      const storage = await tokens.getToken(STORAGE_SCOPE);
      expect(storage.token).not.toBe(a.token);
      expect(emu.requests.count({ service: 'token' })).toBe(2);
      expect(emu.requests.count({ service: 'token', method: 'GET' })).toBe(0); // no discovery calls
    } finally {
      close();
    }
  });

  it('refreshes a token that is inside the early-refresh window', async () => {
    const shortLived = await startEmulator({ port: 0, speed: 20, tokenLifetimeSec: 120 });
    const { tokens, close } = createFabricClients(emulatorProfile(shortLived));
    try {
      const first = await tokens.getToken(FABRIC_SCOPE);
      const second = await tokens.getToken(FABRIC_SCOPE);
      // 120 s lifetime is inside the 5 min refresh window, so every call asks Entra again.
      expect(second.token).not.toBe(first.token);
      expect(shortLived.requests.count({ service: 'token' })).toBe(2);
    } finally {
      close();
      await shortLived.stop();
    }
  });

  it('maps a wrong client secret to FABRIC_AUTH quoting Entra’s AADSTS7000215 line, after one request', async () => {
    const profile = emulatorProfile(emu, {
      credentials: {
        kind: 'client-credentials',
        clientId: emu.env.FABRIC_CLIENT_ID,
        clientSecret: 'wrong-secret',
      },
    });
    const { tokens, close } = createFabricClients(profile);
    try {
      const err = await tokens.getToken(FABRIC_SCOPE).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FabricError);
      const fe = err as FabricError;
      expect(fe.code).toBe('FABRIC_AUTH');
      expect(fe.message).toMatch(
        /^Entra ID refused the client secret of this profile \(AADSTS7000215: Invalid client secret provided\. .*\)\.$/,
      );
      expect(fe.hint).toMatch(/^Store a new secret in Settings/);
      expect(fe.message).not.toContain('wrong-secret');
      expect(fe.details.serviceCode).toBe('AADSTS7000215');
      expect(emu.requests.count({ service: 'token' })).toBe(1);
    } finally {
      close();
    }
  });

  it('maps an unknown client id and an unknown tenant to FABRIC_AUTH naming the setting to fix', async () => {
    const badClient = createFabricClients(
      emulatorProfile(emu, {
        credentials: {
          kind: 'client-credentials',
          clientId: '00000000-0000-4000-8000-000000000000',
          clientSecret: 'x',
        },
      }),
    );
    const badTenant = createFabricClients(
      emulatorProfile(emu, { tenantId: '11111111-1111-4111-8111-111111111111' }),
    );
    try {
      const e1 = (await badClient.tokens.getToken(FABRIC_SCOPE).catch((e: unknown) => e)) as FabricError;
      expect(e1.code).toBe('FABRIC_AUTH');
      expect(e1.message).toContain(
        'does not know the client id of this profile in its tenant (AADSTS700016: ',
      );
      expect(e1.hint).toContain('FABRIC_CLIENT_ID');
      const e2 = (await badTenant.tokens.getToken(FABRIC_SCOPE).catch((e: unknown) => e)) as FabricError;
      expect(e2.code).toBe('FABRIC_AUTH');
      expect(e2.message).toContain('FABRIC_TENANT_ID');
    } finally {
      badClient.close();
      badTenant.close();
    }
  });

  it('refuses the emulator when the profile trusts a different CA (no blanket trust)', async () => {
    const other = await startEmulator({ port: 0 });
    const { tokens, close } = createFabricClients(emulatorProfile(emu, { caCertPem: other.caCertPem }));
    try {
      const err = (await tokens.getToken(FABRIC_SCOPE).catch((e: unknown) => e)) as FabricError;
      expect(err).toBeInstanceOf(FabricError);
      expect(err.code).toBe('FABRIC_HTTP');
      expect(err.message).toMatch(/certificate presented by 127\.0\.0\.1:\d+ is not trusted/);
      expect(emu.requests.count({ service: 'token' })).toBe(0);
    } finally {
      close();
      await other.stop();
    }
  });

  it('can trust the profile CA in addition to the system roots (corporate proxy), still not blanket trust', async () => {
    const added = createFabricClients(emulatorProfile(emu, { caCertAddsToSystem: true }));
    const other = await startEmulator({ port: 0 });
    const wrong = createFabricClients(
      emulatorProfile(emu, { caCertPem: other.caCertPem, caCertAddsToSystem: true }),
    );
    try {
      expect((await added.tokens.getToken(FABRIC_SCOPE)).token.length).toBeGreaterThan(20);
      const err = (await wrong.tokens.getToken(FABRIC_SCOPE).catch((e: unknown) => e)) as FabricError;
      expect(err.message).toMatch(/is not trusted/);
    } finally {
      added.close();
      wrong.close();
      await other.stop();
    }
  });

  it('reports OFFLINE when nothing listens on the authority port', async () => {
    const { tokens, close } = createFabricClients(
      emulatorProfile(emu, { authorityUrl: 'https://127.0.0.1:1' }),
      { retry: { maxAttempts: 2, baseDelayMs: 10 } },
    );
    try {
      const err = (await tokens.getToken(FABRIC_SCOPE).catch((e: unknown) => e)) as FabricError;
      expect(err.code).toBe('OFFLINE');
      expect(err.message).toContain('127.0.0.1:1 cannot be reached (ECONNREFUSED)');
      expect(err.details.attempts).toBe(2);
    } finally {
      close();
    }
  });
});
