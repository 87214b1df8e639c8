import http from 'node:http';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Ends MSAL's wait on its loopback listener for an abandoned sign-in page. msal-node 7 has no way to abort
 * acquireTokenInteractive, but its listener settles on the OAuth error answer Entra itself sends when the
 * user cancels (form_post with error and the request's state), and then closes its server. The page URL MSAL
 * asked us to open names both the listener (redirect_uri) and the state, so the app posts that answer itself.
 * Only a loopback redirect is ever posted to; anything else is left alone (false).
 */
export async function releaseLoopbackWait(pageUrl: string, timeoutMs = 3_000): Promise<boolean> {
  const page = URL.canParse(pageUrl) ? new URL(pageUrl) : null;
  const redirect = page?.searchParams.get('redirect_uri');
  const state = page?.searchParams.get('state');
  const target = redirect && URL.canParse(redirect) ? new URL(redirect) : null;
  if (
    !target ||
    !state ||
    target.protocol !== 'http:' ||
    !LOOPBACK_HOSTS.has(target.hostname) ||
    !target.port
  ) {
    return false;
  }
  const body = new URLSearchParams({
    error: 'access_denied',
    error_description: 'The sign-in was cancelled in Fabric Data Portal.',
    state,
  }).toString();
  // MSAL listens on 127.0.0.1 while naming it localhost, which may resolve to ::1 first.
  const host = target.hostname === '[::1]' ? '::1' : '127.0.0.1';
  return new Promise<boolean>((resolve) => {
    const req = http.request(
      {
        host,
        port: Number(target.port),
        path: '/',
        method: 'POST',
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
        res.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy());
    // The listener may already be gone (the page came back meanwhile): nothing is left to release.
    req.on('error', () => resolve(false));
    req.end(body);
  });
}
