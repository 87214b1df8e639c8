import {
  AuthError,
  ClientConfigurationError,
  InteractionRequiredAuthError,
  ServerError,
} from '@azure/msal-node';
import { FabricError } from '../errors';
import { MsalTransportError } from './msal-network-client';

interface KnownEntraError {
  code: 'FABRIC_AUTH' | 'FABRIC_PERMISSION';
  message: string;
  hint: string;
}

// Entra's AADSTS numbers are stable; the descriptions around them change, so match on the number only.
const KNOWN: Record<string, KnownEntraError> = {
  AADSTS7000215: {
    code: 'FABRIC_AUTH',
    message:
      'The client secret was rejected by Entra ID (AADSTS7000215). Check FABRIC_CLIENT_SECRET in Settings or create a new secret in the app registration.',
    hint: 'Paste the secret VALUE (not the secret ID) from the app registration’s "Certificates & secrets" page.',
  },
  AADSTS7000222: {
    code: 'FABRIC_AUTH',
    message:
      'The client secret has expired (AADSTS7000222). Create a new secret in the app registration and save it in Settings.',
    hint: 'Secrets expire on the date shown in the app registration’s "Certificates & secrets" page.',
  },
  AADSTS700016: {
    code: 'FABRIC_AUTH',
    message:
      'Entra ID does not know this client id in this tenant (AADSTS700016). Check FABRIC_CLIENT_ID and FABRIC_TENANT_ID in Settings.',
    hint: 'The client id is the "Application (client) ID" on the app registration’s overview page.',
  },
  AADSTS90002: {
    code: 'FABRIC_AUTH',
    message: 'Entra ID does not know this tenant (AADSTS90002). Check FABRIC_TENANT_ID in Settings.',
    hint: 'The tenant id is the "Directory (tenant) ID" on the app registration’s overview page.',
  },
  AADSTS900023: {
    code: 'FABRIC_AUTH',
    message: 'The tenant id is not valid (AADSTS900023). Check FABRIC_TENANT_ID in Settings.',
    hint: 'Use the tenant GUID or its primary domain, e.g. contoso.onmicrosoft.com.',
  },
  AADSTS70011: {
    code: 'FABRIC_AUTH',
    message: 'Entra ID rejected the requested permission scope (AADSTS70011).',
    hint: 'Check the authority URL in Settings belongs to the same cloud as the Fabric API URL.',
  },
  AADSTS65001: {
    code: 'FABRIC_PERMISSION',
    message: 'The app has not been granted consent for Fabric in this tenant (AADSTS65001).',
    hint: 'Ask a tenant admin to grant admin consent for the app registration’s Power BI Service permissions.',
  },
};

/** Turns anything MSAL throws into a FabricError; never includes the secret or a token. */
export function mapEntraError(e: unknown): FabricError {
  if (e instanceof FabricError) return e;
  if (e instanceof MsalTransportError) return e.fabricError;
  if (e instanceof InteractionRequiredAuthError) {
    return new FabricError(
      'FABRIC_AUTH',
      `Your sign-in has expired or needs to be confirmed (${e.errorCode}).`,
      'Sign in again from Settings.',
      { serviceCode: e.errorCode },
      { cause: e },
    );
  }
  if (e instanceof ClientConfigurationError) {
    return new FabricError(
      'FABRIC_AUTH',
      `The sign-in settings are not usable (${e.errorCode}).`,
      'Check the authority URL (it must be https) and the tenant and client ids in Settings.',
      { serviceCode: e.errorCode },
      { cause: e },
    );
  }
  if (e instanceof ServerError && e.status !== undefined && (e.status === 429 || e.status >= 500)) {
    // The retries in the network module already ran; Entra itself is down or throttling.
    return new FabricError(
      e.status === 429 ? 'FABRIC_THROTTLED' : 'FABRIC_HTTP',
      `Entra ID could not issue a sign-in token right now (${e.status} ${e.errorCode}).`,
      'This is on Microsoft’s side and usually passes; try again in a few minutes.',
      { status: e.status, serviceCode: e.errorCode },
      { cause: e },
    );
  }
  if (e instanceof AuthError) {
    const aadsts = /AADSTS\d+/.exec(e.errorMessage)?.[0];
    const known = aadsts ? KNOWN[aadsts] : undefined;
    if (known)
      return new FabricError(known.code, known.message, known.hint, { serviceCode: aadsts }, { cause: e });
    return new FabricError(
      'FABRIC_AUTH',
      `Entra ID refused the sign-in (${aadsts ?? e.errorCode}).`,
      'Check the tenant id, client id and secret in Settings.',
      { serviceCode: aadsts ?? e.errorCode },
      { cause: e },
    );
  }
  return new FabricError(
    'FABRIC_AUTH',
    'Getting a sign-in token failed unexpectedly.',
    'Try again; if it keeps failing, send the Diagnostics page output to support.',
    {},
    { cause: e },
  );
}
