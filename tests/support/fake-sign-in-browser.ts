import http from 'node:http';
import https from 'node:https';

// Plays the analyst's browser for the emulator's sign-in page: loads the authorize URL (trusting the
// emulator's certificate) and submits its auto-post form to MSAL's loopback listener, as a browser does.

function fetchText(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

export function postForm(url: string, fields: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const unescape = (s: string): string => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"');

/** Loads the emulator's authorize page: where its auto-post form goes and what it sends. */
export async function signInForm(
  authorizeUrl: string,
  caPem: string,
): Promise<{ action: string; fields: Record<string, string> }> {
  const page = await fetchText(authorizeUrl, caPem);
  const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
  if (!action) throw new Error(`no sign-in form (status ${page.status}): ${page.body.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const m of page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[m[1] ?? ''] = unescape(m[2] ?? '');
  }
  return { action: unescape(action), fields };
}

/** Signs in on the emulator's authorize page; answers the loopback's HTTP status. */
export async function completeSignIn(authorizeUrl: string, caPem: string): Promise<number> {
  const { action, fields } = await signInForm(authorizeUrl, caPem);
  return postForm(action, fields);
}
