import { request } from 'node:http';
import { httpsRequest } from './https-request';

/**
 * Plays the browser for MSAL's acquireTokenInteractive: loads the emulator's authorize URL (trusting
 * its certificate), reads the auto-submitting form and POSTs its fields to MSAL's loopback listener.
 */
export async function followFormPost(
  authorizeUrl: string,
  ca: string,
): Promise<{ status: number; body: string }> {
  const page = await httpsRequest(authorizeUrl, { ca });
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}: ${page.text}`);
  const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
  if (!action) throw new Error(`no form in the authorize page: ${page.text}`);
  const fields = new URLSearchParams();
  for (const m of page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields.set(decodeEntities(m[1] ?? ''), decodeEntities(m[2] ?? ''));
  }
  // MSAL listens on 127.0.0.1 but names the redirect http://localhost:PORT; Node may resolve localhost to ::1.
  const target = new URL(decodeEntities(action));
  if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
  const body = fields.toString();
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function decodeEntities(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
}
