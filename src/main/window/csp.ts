/**
 * The Content-Security-Policy for every response that carries app content (custom protocol, dev server,
 * preview host). Mantine injects <style> elements and style attributes at runtime, which is why style-src
 * allows 'unsafe-inline'; scripts stay 'self' only (no inline scripts, no eval).
 */
export function buildCsp(options: { connectSrc?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The app itself: all calls go through IPC, so nothing beyond 'self' is needed. */
export const APP_CSP = buildCsp();

/**
 * electron-vite dev only: Vite serves an inline React-refresh preamble and talks HMR over a WebSocket.
 * Never used for a packaged app or the preview host.
 */
export function buildDevCsp(devServerUrl: string): string {
  const origin = new URL(devServerUrl);
  const ws = `ws://${origin.host}`;
  return buildCsp({ connectSrc: [ws] }).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
}
