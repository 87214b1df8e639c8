import https from 'node:https';
import tls from 'node:tls';

/**
 * One keep-alive agent per profile. With a CA PEM and `addToSystem` false it trusts exactly that certificate
 * (the emulator's), never every certificate and never via NODE_TLS_REJECT_UNAUTHORIZED; with `addToSystem` the
 * PEM joins Node's bundled roots (a corporate proxy's CA); without a PEM it uses the bundled roots alone.
 */
export function createHttpsAgent(caCertPem: string | undefined, addToSystem = false): https.Agent {
  const ca =
    caCertPem === undefined ? undefined : addToSystem ? [...tls.rootCertificates, caCertPem] : caCertPem;
  return new https.Agent({ keepAlive: true, maxSockets: 16, ...(ca === undefined ? {} : { ca }) });
}
