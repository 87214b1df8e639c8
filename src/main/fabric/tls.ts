import https from 'node:https';

/**
 * One keep-alive agent per profile. With a CA PEM it trusts exactly that certificate (the emulator's), never
 * every certificate and never via NODE_TLS_REJECT_UNAUTHORIZED; without one it uses the system trust store.
 */
export function createHttpsAgent(caCertPem: string | undefined): https.Agent {
  return new https.Agent({
    keepAlive: true,
    maxSockets: 16,
    ...(caCertPem === undefined ? {} : { ca: caCertPem }),
  });
}
