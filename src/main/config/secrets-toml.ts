import { parse, TomlError } from 'smol-toml';
import { AppError } from '../../shared/contract/errors';
import { MAX_SECRETS_TOML_BYTES } from '../../shared/contract/settings';
import {
  buildImport,
  CONFIG_KEY_NAMES,
  isConfigKey,
  type ConfigKey,
  type ImportedConfig,
} from './config-keys';

// Reads the old Streamlit portal's .streamlit/secrets.toml. People wrote it in several shapes: flat
// FABRIC_TENANT_ID = "…" at the top, or grouped as [fabric] tenant_id = "…", [postgres] host = "…", or
// Streamlit's own [connections.postgresql] host/username/password/url. All of them are accepted.

const FABRIC_SECTION = /fabric|azure|entra/i;
const PG_SECTION = /postgres|^pg$|^db$|database|sql/i;

// Names used inside a postgres section that differ from the PG_* suffixes.
const PG_ALIASES: Record<string, string> = {
  USERNAME: 'USER',
  DBNAME: 'DATABASE',
  SSL_MODE: 'SSLMODE',
  PASS: 'PASSWORD',
};
// Keys Streamlit's SQL connection needs that mean nothing to the portal; dropped without a warning.
const PG_IGNORED = new Set(['DIALECT', 'DRIVER', 'TYPE', 'QUERY', 'CREATE_ENGINE_KWARGS']);

interface Found {
  values: Map<ConfigKey, string>;
  where: Map<ConfigKey, string>;
  warnings: string[];
}

export function parseSecretsToml(content: string): ImportedConfig {
  if (Buffer.byteLength(content) > MAX_SECRETS_TOML_BYTES) {
    throw new AppError(
      'INPUT_INVALID',
      `This file is ${Math.round(Buffer.byteLength(content) / 1024)} KB; a secrets.toml is at most 64 KB.`,
      'Choose the .streamlit/secrets.toml of the old portal.',
    );
  }
  let doc: Record<string, unknown>;
  try {
    doc = parse(content) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      // The library's message carries a excerpt of the file after the first line, which may hold a secret.
      const reason = e.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
      throw new AppError(
        'INPUT_INVALID',
        `The file is not valid TOML: ${reason} at line ${e.line}, column ${e.column}.`,
        'Fix that line in the file (a missing quote or "=" is the usual cause) and import it again.',
      );
    }
    throw e;
  }
  const found: Found = { values: new Map(), where: new Map(), warnings: [] };
  walk(doc, [], found);
  return buildImport(found.values, 'Imported from secrets.toml', found.warnings);
}

/**
 * The same settings from environment variables (the CLI, CI and the emulator's printed exports). The libpq
 * variables PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD and PGSSLMODE are used when PG_* are not set.
 */
export function fromEnv(env: NodeJS.ProcessEnv): ImportedConfig {
  const values = new Map<ConfigKey, string>();
  for (const key of CONFIG_KEY_NAMES) {
    const libpq = key.startsWith('PG_') ? env[key.replace('PG_', 'PG')] : undefined;
    const value = (env[key] ?? libpq)?.trim();
    if (value) values.set(key, value);
  }
  return buildImport(values, env.PORTAL_PROFILE_NAME?.trim() || 'From environment', []);
}

function walk(table: Record<string, unknown>, section: string[], found: Found): void {
  for (const [key, value] of Object.entries(table)) {
    if (isTable(value)) {
      walk(value, [...section, key], found);
      continue;
    }
    const where = section.length === 0 ? 'the top level' : `[${section.join('.')}]`;
    if (inPgSection(section) && key.toUpperCase() === 'URL' && typeof value === 'string') {
      takeUrl(value, where, found);
      continue;
    }
    const canonical = resolveKey(key, section);
    if (canonical === 'ignored') continue;
    if (canonical === null) {
      found.warnings.push(`Unknown key "${key}" in ${where} was ignored.`);
      continue;
    }
    if (
      typeof value === 'string' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'bigint'
    ) {
      record(canonical, String(value).trim(), where, found);
    } else {
      found.warnings.push(`${canonical} in ${where} must be text; it was ignored.`);
    }
  }
}

function resolveKey(key: string, section: string[]): ConfigKey | 'ignored' | null {
  const k = key
    .trim()
    .toUpperCase()
    .replace(/[-\s.]+/g, '_');
  if (isConfigKey(k)) return k;
  const connections = section[0]?.toLowerCase() === 'connections';
  const fabric = section.some((s) => FABRIC_SECTION.test(s));
  const pg = inPgSection(section);
  if (fabric || connections) {
    const named = `FABRIC_${k}`;
    if (isConfigKey(named)) return named;
  }
  if (pg || connections) {
    const named = `PG_${PG_ALIASES[k] ?? k}`;
    if (isConfigKey(named)) return named;
    if (PG_IGNORED.has(k)) return 'ignored';
  }
  return null;
}

function inPgSection(section: string[]): boolean {
  return section.some((s) => PG_SECTION.test(s));
}

/** A SQLAlchemy-style url = "postgresql://user:pass@host:5432/db" in a [connections.*] section. */
function takeUrl(url: string, where: string, found: Found): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    found.warnings.push(`The url in ${where} is not a valid URL; it was ignored.`);
    return;
  }
  if (!/^postgres(ql)?(\+\w+)?:$/.test(u.protocol)) {
    found.warnings.push(`The url in ${where} is not a postgresql:// URL; it was ignored.`);
    return;
  }
  const parts: [ConfigKey, string][] = [
    ['PG_HOST', u.hostname],
    ['PG_PORT', u.port],
    ['PG_DATABASE', decodeURIComponent(u.pathname.replace(/^\//, ''))],
    ['PG_USER', decodeURIComponent(u.username)],
    ['PG_PASSWORD', decodeURIComponent(u.password)],
    ['PG_SSLMODE', u.searchParams.get('sslmode') ?? ''],
  ];
  for (const [key, value] of parts) if (value !== '') record(key, value, `the url in ${where}`, found);
}

function record(key: ConfigKey, value: string, where: string, found: Found): void {
  if (value === '') {
    found.warnings.push(`${key} in ${where} is empty; it was ignored.`);
    return;
  }
  const earlier = found.where.get(key);
  if (earlier !== undefined) {
    // Values are not quoted in warnings: this key may be a secret.
    if (found.values.get(key) !== value) {
      found.warnings.push(
        `${key} is given in both ${earlier} and ${where} with different values; the one in ${earlier} is used.`,
      );
    }
    return;
  }
  found.values.set(key, value);
  found.where.set(key, where);
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
