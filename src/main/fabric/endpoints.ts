/**
 * Where a profile's Fabric, OneLake and Entra endpoints live. Every URL is configurable so the same clients
 * serve the public cloud, sovereign clouds and the local emulator.
 */
export interface FabricEndpoints {
  /** Entra ID authority host, e.g. https://login.microsoftonline.com (no tenant segment). */
  authorityUrl: string;
  /** Fabric REST base including the version, e.g. https://api.fabric.microsoft.com/v1. */
  fabricApiUrl: string;
  /** OneLake DFS base, e.g. https://onelake.dfs.fabric.microsoft.com (emulator: https://127.0.0.1:P/onelake). */
  onelakeUrl: string;
  /**
   * PEM of a certificate authority to trust. By default it is trusted INSTEAD of the system store (demo mode:
   * exactly the emulator's self-signed certificate). Undefined means the normal system trust store.
   */
  caCertPem?: string;
  /**
   * Trust caCertPem in addition to the system store (a corporate TLS-inspecting proxy in front of the real
   * Fabric). Default false.
   */
  caCertAddsToSystem?: boolean;
}

export interface FabricIds {
  tenantId: string;
  workspaceId: string;
  pipelineId: string;
  lakehouseId: string;
}

export const PUBLIC_CLOUD_ENDPOINTS: FabricEndpoints = {
  authorityUrl: 'https://login.microsoftonline.com',
  fabricApiUrl: 'https://api.fabric.microsoft.com/v1',
  onelakeUrl: 'https://onelake.dfs.fabric.microsoft.com',
};

export const FABRIC_SCOPE = 'https://api.fabric.microsoft.com/.default';
export const STORAGE_SCOPE = 'https://storage.azure.com/.default';
export type FabricScope = typeof FABRIC_SCOPE | typeof STORAGE_SCOPE;

/** Base URLs are joined with paths; a trailing slash would double up, so it is dropped once here. */
export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
