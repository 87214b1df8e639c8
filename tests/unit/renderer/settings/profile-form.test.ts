import { describe, expect, it } from 'vitest';
import {
  EMPTY_FORM,
  fieldErrors,
  formFromDraft,
  toProfileInput,
  type ProfileFormValues,
} from '../../../../src/renderer/src/pages/settings/profile-form';
import { FabricProfileFieldsSchema } from '../../../../src/shared/contract/settings';

const GUID = '11111111-2222-3333-4444-555555555555';
const valid: ProfileFormValues = {
  ...EMPTY_FORM,
  name: 'Sales EU',
  tenantId: GUID,
  clientId: GUID,
  workspaceId: GUID,
  pipelineId: GUID,
  lakehouseId: GUID,
  pgHost: 'pg.contoso.com',
  pgDatabase: 'portal',
  pgUser: 'portal_app',
};

describe('profile form validation (the contract rules, per field)', () => {
  it('has no errors for a complete profile, which the contract accepts', () => {
    expect(fieldErrors(valid)).toEqual({});
    expect(FabricProfileFieldsSchema.parse(toProfileInput(valid)).postgres.port).toBe(5432);
  });

  it('names each invalid field with the contract message', () => {
    const e = fieldErrors({
      ...valid,
      tenantId: 'not-a-guid',
      fabricApiUrl: 'http://api.fabric.microsoft.com',
      pgPort: '70000',
      pgHost: 'postgres://x',
      ownerUpn: 'anna',
    });
    expect(e.tenantId).toMatch(/Tenant ID must be a GUID/);
    expect(e.fabricApiUrl).toMatch(/must be an https:\/\/ URL/);
    expect(e.pgPort).toMatch(/between 1 and 65535/);
    expect(e.pgHost).toMatch(/without scheme/);
    expect(e.ownerUpn).toMatch(/user@contoso.com/);
    expect(e.name).toBeUndefined();
  });

  it('reports required fields on an empty form', () => {
    const e = fieldErrors(EMPTY_FORM);
    expect(e.name).toBe('Profile name is required');
    expect(e.pgHost).toBe('PostgreSQL host is required');
    expect(e.workspaceId).toMatch(/Workspace ID/);
  });

  it('fills a form from an imported draft, keeping defaults for what was not found', () => {
    const f = formFromDraft({ tenantId: GUID, postgres: { host: 'db', port: 6432 } });
    expect(f).toMatchObject({ tenantId: GUID, pgHost: 'db', pgPort: '6432', name: 'Imported profile' });
    expect(f.authorityUrl).toBe(EMPTY_FORM.authorityUrl);
  });
});
