import {
  AuthError,
  ClientConfigurationError,
  InteractionRequiredAuthError,
  ServerError,
} from '@azure/msal-node';
import { FabricError } from '../errors';
import { MsalTransportError } from './msal-network-client';

/** Who is signing in, so a refusal can say whose credentials Entra ID turned down. */
export interface EntraErrorContext {
  /** the app profile's name ("Contoso production"); absent for an unnamed profile (tests, the demo) */
  profileName?: string;
}

interface KnownEntraError {
  code: 'FABRIC_AUTH' | 'FABRIC_PERMISSION';
  message: string;
  hint: string;
}

// Entra's AADSTS numbers are stable; the descriptions around them change, so match on the number only.
const KNOWN: Record<string, KnownEntraError> = {
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

const STORE_SECRET =
  'Store a new secret in Settings → Profiles (the secret VALUE from the app registration’s "Certificates & secrets" page, not its ID); the app reconnects as soon as it is stored.';

/**
 * Entra refusing the app's own credentials (OAuth `invalid_client` / `unauthorized_client`). Waiting does
 * not mend these, only new credentials in Settings, so they are FABRIC_AUTH: the app then says "Signed out".
 */
const REFUSED: Record<string, { says: (whose: string) => string; hint: string }> = {
  AADSTS7000215: { says: (whose) => `Entra ID refused the client secret of ${whose}`, hint: STORE_SECRET },
  AADSTS7000222: {
    says: (whose) => `Entra ID refused the client secret of ${whose}: it has expired`,
    hint: 'Create a new secret on the app registration’s "Certificates & secrets" page and store it in Settings → Profiles; the app reconnects as soon as it is stored.',
  },
  AADSTS700016: {
    says: (whose) => `Entra ID does not know the client id of ${whose} in its tenant`,
    hint: 'Check the client id (FABRIC_CLIENT_ID, the "Application (client) ID" on the app registration’s overview page) and the tenant id (FABRIC_TENANT_ID) in Settings → Profiles.',
  },
};
const REFUSED_OAUTH_ERRORS = new Set(['invalid_client', 'unauthorized_client']);
const REFUSED_HINT =
  'Check the client id in Settings → Profiles and store a new client secret there; the app reconnects as soon as it is stored.';

/** Entra's "try again" answers: AADSTS90033 "A transient error has occurred", whatever the HTTP status. */
const TRANSIENT_AADSTS = new Set(['AADSTS90033']);
const TRANSIENT_OAUTH_ERRORS = new Set(['temporarily_unavailable']);

const LONGEST_QUOTE = 240;

/**
 * The first line of Entra's error_description ("AADSTS7000215: Invalid client secret provided. …"), without
 * the trace and correlation ids MSAL appends. Never holds the secret: Entra does not echo it.
 */
export function entraFirstLine(errorMessage: string): string | undefined {
  const line = /AADSTS\d+:[^\r\n]*/.exec(errorMessage)?.[0];
  if (!line) return undefined;
  const bare = line.replace(/ - (Correlation ID|Trace ID|Timestamp): .*$/, '').trim();
  return bare.length > LONGEST_QUOTE ? `${bare.slice(0, LONGEST_QUOTE - 1)}…` : bare;
}

function isTransient(e: ServerError, aadsts: string | undefined): boolean {
  const status = e.status;
  return (
    (status !== undefined && (status === 429 || status >= 500)) ||
    TRANSIENT_OAUTH_ERRORS.has(e.errorCode) ||
    (aadsts !== undefined && TRANSIENT_AADSTS.has(aadsts))
  );
}

/** Turns anything MSAL throws into a FabricError; never includes the secret or a token. */
export function mapEntraError(e: unknown, context: EntraErrorContext = {}): FabricError {
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
  const aadsts = e instanceof AuthError ? /AADSTS\d+/.exec(e.errorMessage)?.[0] : undefined;
  if (e instanceof ServerError && isTransient(e, aadsts)) {
    // The retries in the network module already ran; Entra itself is down or throttling. Not a refusal:
    // the app keeps its connection state and asks again later.
    // Some MSAL paths give Entra's error number as the code and no status ("90033"): AADSTS names it already.
    const code = /^\d*$/.test(e.errorCode) ? undefined : e.errorCode;
    const said = [e.status, code, aadsts].filter((x) => x !== undefined).join(' ');
    return new FabricError(
      e.status === 429 ? 'FABRIC_THROTTLED' : 'FABRIC_HTTP',
      `Entra ID could not issue a sign-in token right now (${said}).`,
      'This is on Microsoft’s side and usually passes; try again in a few minutes.',
      { ...(e.status !== undefined ? { status: e.status } : {}), serviceCode: aadsts ?? e.errorCode },
      { cause: e },
    );
  }
  if (e instanceof AuthError) {
    const refused = aadsts ? REFUSED[aadsts] : undefined;
    if (refused || REFUSED_OAUTH_ERRORS.has(e.errorCode)) {
      const whose = context.profileName ? `profile "${context.profileName}"` : 'this profile';
      const quote = (entraFirstLine(e.errorMessage) ?? aadsts ?? e.errorCode).replace(/\.$/, '');
      return new FabricError(
        'FABRIC_AUTH',
        `${refused ? refused.says(whose) : `Entra ID refused the credentials of ${whose}`} (${quote}).`,
        refused?.hint ?? REFUSED_HINT,
        {
          ...(e instanceof ServerError && e.status !== undefined ? { status: e.status } : {}),
          serviceCode: aadsts ?? e.errorCode,
        },
        { cause: e },
      );
    }
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
  // Not an answer from Entra at all (a fault in MSAL or here): not a reason to call the profile signed out.
  return new FabricError(
    'INTERNAL',
    'Getting a sign-in token failed unexpectedly.',
    'Try again; if it keeps failing, send the Diagnostics page output to support.',
    {},
    { cause: e },
  );
}
