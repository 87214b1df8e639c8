// Redaction runs on every log message and field before anything is written, so a token or password that
// slips into an error message, a URL or a driver's exception text never reaches the log file.

export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not registered: replacing every "abc" in the log would make it unreadable. */
export const MIN_REGISTERED_SECRET_LENGTH = 4;

// Field names whose values are dropped whole, whatever they look like.
const SENSITIVE_KEY_RE =
  /^(password|passwd|pwd|pass|secret|client_?secret|token|access_?token|refresh_?token|id_?token|authorization|cookie|set-cookie|account_?key|sas|sig|signature|connection_?string|pg_?password|fabric_?client_?secret|x-ms-encryption-key)$/i;

interface Rule {
  re: RegExp;
  replace: string;
}

const RULES: Rule[] = [
  // JWTs (access and id tokens): three base64url parts, the first always starts with eyJ ('{"').
  { re: /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, replace: REDACTED },
  // Authorization headers, whatever the token format.
  { re: /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, replace: `Bearer ${REDACTED}` },
  // Basic credentials are base64; requiring a digit or +/= keeps prose like "Basic checks passed" intact.
  { re: /\bBasic\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{6,}={0,2}/g, replace: `Basic ${REDACTED}` },
  // URL userinfo: postgres://user:pass@host, https://user:pass@proxy
  // Greedy up to the last @ of the authority, so a password containing @ is removed whole.
  { re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s/]*@/gi, replace: `$1:${REDACTED}@` },
  // "key": "value" in JSON text, including values with spaces and escaped quotes.
  {
    re: /("(?:client_secret|client_assertion|password|passwd|pwd|access_token|refresh_token|id_token|AccountKey|sig)"\s*:\s*")(?:[^"\\]|\\.)*"/gi,
    replace: `$1${REDACTED}"`,
  },
  // key=value and key: value forms in query strings, form bodies, connection strings and JSON text.
  {
    re: /\b(client_secret|client_assertion|password|passwd|pwd|access_token|refresh_token|id_token|AccountKey|SharedAccessKey|SharedAccessSignature|sig)("?\s*[=:]\s*"?)([^"&\s;,}]+)/gi,
    replace: `$1$2${REDACTED}`,
  },
];

/**
 * Pattern rules plus the exact secret values the app holds at runtime (registered by the secret store when
 * it reads or writes one). One instance per app, passed to the logger and the secret store.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private ordered: string[] = [];

  /** Registers a secret value (and its URL-encoded form) so it is replaced wherever it appears. */
  addSecret(value: string): void {
    if (value.length < MIN_REGISTERED_SECRET_LENGTH) return;
    const before = this.secrets.size;
    this.secrets.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.secrets.add(encoded);
    // Longest first, so a secret that contains another is replaced whole.
    if (this.secrets.size !== before) this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.ordered) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    for (const rule of RULES) out = out.replace(rule.re, rule.replace);
    return out;
  }

  /** A redacted, JSON-safe copy: sensitive keys dropped, strings scrubbed, errors and cycles handled. */
  value(input: unknown): unknown {
    return this.walk(input, new WeakSet(), 0);
  }

  private walk(v: unknown, seen: WeakSet<object>, depth: number): unknown {
    if (typeof v === 'string') return this.text(v);
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return v.toString();
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (depth > 8) return '[…]';
    const obj = v as object;
    if (seen.has(obj)) return '[circular]';
    seen.add(obj);
    if (v instanceof Error) {
      const out: Record<string, unknown> = { name: v.name, message: this.text(v.message) };
      if (v.stack) out.stack = this.text(v.stack);
      const code = (v as { code?: unknown }).code;
      if (code !== undefined) out.code = this.walk(code, seen, depth + 1);
      if (v.cause !== undefined) out.cause = this.walk(v.cause, seen, depth + 1);
      return out;
    }
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.slice(0, 100).map((x) => this.walk(x, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(obj)) {
      out[k] =
        SENSITIVE_KEY_RE.test(k) && x !== null && x !== undefined && x !== ''
          ? REDACTED
          : this.walk(x, seen, depth + 1);
    }
    return out;
  }
}
