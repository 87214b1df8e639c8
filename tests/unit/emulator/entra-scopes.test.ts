import { describe, expect, it } from 'vitest';
import { GRAPH_AUDIENCE, resolveScopes } from '../../../src/emulator/entra-scopes';

describe('scope → token audience', () => {
  it('maps .default and delegated scopes of one resource to its audience', () => {
    expect(resolveScopes('https://storage.azure.com/.default', { requireDefault: true })).toMatchObject({
      ok: true,
      audience: 'https://storage.azure.com',
    });
    expect(
      resolveScopes('openid profile offline_access https://api.fabric.microsoft.com/Item.Execute.All', {
        requireDefault: false,
      }),
    ).toMatchObject({
      ok: true,
      audience: 'https://api.fabric.microsoft.com',
      resourceScopes: ['https://api.fabric.microsoft.com/Item.Execute.All'],
    });
  });

  it('signs in without a resource scope for Microsoft Graph', () => {
    expect(resolveScopes('openid profile', { requireDefault: false })).toMatchObject({
      ok: true,
      audience: GRAPH_AUDIENCE,
    });
  });

  it('refuses unknown resources, two resources, and non-.default scopes for client credentials', () => {
    expect(resolveScopes('https://vault.azure.net/.default', { requireDefault: true }).ok).toBe(false);
    expect(
      resolveScopes('https://storage.azure.com/.default https://api.fabric.microsoft.com/.default', {
        requireDefault: false,
      }).ok,
    ).toBe(false);
    expect(resolveScopes('https://api.fabric.microsoft.com/Item.Read.All', { requireDefault: true }).ok).toBe(
      false,
    );
    expect(resolveScopes(null, { requireDefault: true }).ok).toBe(false);
  });
});
