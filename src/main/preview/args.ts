import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface PreviewArgs {
  /** 0 = a random free port */
  port: number;
  dataDir: string;
}

/**
 * `--port N` (default random) and `--data-dir DIR` (else $PORTAL_DATA_DIR, else ~/.fabric-data-portal).
 * Throws an Error with a sentence the user can act on.
 */
export function parsePreviewArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  home: string = homedir(),
): PreviewArgs {
  let port = 0;
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--port') {
      const v = value();
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 65_535)
        throw new Error(`--port must be a number from 0 to 65535, got "${v}".`);
      port = n;
    } else if (flag === '--data-dir') {
      dataDir = value();
    } else if (flag === '--preview' || flag === '--demo') {
      // accepted for symmetry with `npm start -- --preview`; the preview host is always the preview
    } else {
      throw new Error(`Unknown option "${arg}". Options: --port N, --data-dir DIR.`);
    }
  }
  const chosen = dataDir ?? env['PORTAL_DATA_DIR'] ?? join(home, '.fabric-data-portal');
  return { port, dataDir: resolve(chosen) };
}
