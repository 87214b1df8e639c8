import type { Emulator } from '../../../src/emulator';
import type { FabricProfile } from '../../../src/main/fabric';

/** A client-credentials profile pointing at a running emulator, trusting exactly its certificate. */
export function emulatorProfile(emu: Emulator, overrides: Partial<FabricProfile> = {}): FabricProfile {
  const e = emu.env;
  return {
    authorityUrl: e.FABRIC_AUTHORITY_URL,
    fabricApiUrl: e.FABRIC_API_URL,
    onelakeUrl: e.ONELAKE_URL,
    caCertPem: emu.caCertPem,
    tenantId: e.FABRIC_TENANT_ID,
    workspaceId: e.FABRIC_WORKSPACE_ID,
    pipelineId: e.FABRIC_PIPELINE_ID,
    lakehouseId: e.FABRIC_LAKEHOUSE_ID,
    credentials: {
      kind: 'client-credentials',
      clientId: e.FABRIC_CLIENT_ID,
      clientSecret: e.FABRIC_CLIENT_SECRET,
    },
    ...overrides,
  };
}
