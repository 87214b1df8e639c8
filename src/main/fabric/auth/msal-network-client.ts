import type https from 'node:https';
import {
  AuthError,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { networkFailure, timeoutFailure, type FabricError } from '../errors';
import { sendHttps } from '../http/https-request';
import { runWithRetry, type RetryLoopDeps } from '../http/retry-loop';

/**
 * Carries our mapped error through MSAL: MSAL rethrows AuthErrors from the network module unchanged but
 * replaces anything else with a bare "network_error", which would lose "offline" vs "bad certificate".
 */
export class MsalTransportError extends AuthError {
  readonly fabricError: FabricError;
  constructor(fabricError: FabricError) {
    super('network_error', '', fabricError.message);
    Object.setPrototypeOf(this, MsalTransportError.prototype);
    this.name = 'MsalTransportError';
    this.fabricError = fabricError;
  }
}

/**
 * MSAL's network module over the profile's HTTPS agent, so token requests trust exactly the profile CA.
 * Transient failures get the shared retry policy: a client-credentials request has no side effect, and a
 * repeated auth-code redemption fails cleanly. HTTP error answers go to MSAL unchanged, since MSAL parses
 * the Entra error body (AADSTS codes) itself.
 */
export function createMsalNetworkClient(agent: https.Agent, loop: RetryLoopDeps): INetworkModule {
  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const host = new URL(url).host;
    const op = { action: 'get a sign-in token from Entra ID' };
    const result = await runWithRetry(loop, { op, host, idempotent: true }, (timeoutMs) =>
      sendHttps(agent, {
        method,
        url,
        headers: options?.headers ?? {},
        timeoutMs,
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      }),
    );
    const { response } = result;
    if (!response) {
      const mapped =
        result.outcome.kind === 'timeout'
          ? timeoutFailure(op, loop.retry.deadlineMs / 1000, { attempts: result.attempts })
          : networkFailure(result.transportError, host, op, { attempts: result.attempts });
      throw new MsalTransportError(mapped);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
    let body: unknown = {};
    const text = response.body.toString('utf8');
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = {
          error: 'invalid_response',
          error_description: `Entra ID answered ${response.status} with a non-JSON body.`,
        };
      }
    }
    return { headers, body: body as T, status: response.status };
  }
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
