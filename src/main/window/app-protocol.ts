import { protocol } from 'electron';
import { APP_CSP } from './csp';
import { readRendererFile } from './renderer-files';
import { APP_HOST, APP_SCHEME } from './security-policy';

/** Must run before app 'ready': app:// behaves like https (standard, secure origin, fetch allowed). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer at app://portal/ instead of file:// (checklist #18): a page cannot read
 * arbitrary local files, and every response carries the CSP header.
 */
export function handleAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const headers = { 'Content-Security-Policy': APP_CSP, 'X-Content-Type-Options': 'nosniff' };
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('Not found', { status: 404, headers });
    }
    const file = await readRendererFile(rendererRoot, url.pathname);
    if (!file) return new Response('Not found', { status: 404, headers });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...headers, 'Content-Type': file.contentType },
    });
  });
}
