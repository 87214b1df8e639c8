import { describe, expect, it } from 'vitest';
import { toFabricProfile, type FabricConnection } from '../../../src/main/runs/backend';
import type { FabricProfileFields } from '../../../src/shared/contract/settings';

const fields = (authMode: 'signed-in-user' | 'client-credentials') =>
  ({
    name: 'Sales',
    authMode,
    tenantId: 't',
    clientId: 'c',
    workspaceId: 'w',
    pipelineId: 'p',
    lakehouseId: 'l',
    endpoints: { authorityUrl: 'https://a', fabricApiUrl: 'https://f', onelakeUrl: 'https://o' },
  }) as unknown as FabricProfileFields;

describe('toFabricProfile with a signed-in user', () => {
  it('needs no client secret and signs the user in with the profile client id', async () => {
    const conn: FabricConnection = { fields: fields('signed-in-user'), secrets: {} };
    const p = await toFabricProfile(conn, { canSignIn: true });
    expect(p.credentials).toEqual({ kind: 'signed-in-user', clientId: 'c' });
  });

  it('is refused, with what to do, where no signed-in user can be used (the CLI)', async () => {
    const conn: FabricConnection = { fields: fields('signed-in-user'), secrets: {} };
    await expect(toFabricProfile(conn)).rejects.toMatchObject({
      code: 'VALIDATION',
      hint: expect.stringMatching(/client-credentials profile/) as unknown,
    });
  });

  it('still uses the client secret of a client-credentials profile', async () => {
    const conn: FabricConnection = {
      fields: fields('client-credentials'),
      secrets: { FABRIC_CLIENT_SECRET: 's' },
    };
    expect((await toFabricProfile(conn)).credentials).toEqual({
      kind: 'client-credentials',
      clientId: 'c',
      clientSecret: 's',
    });
  });
});
