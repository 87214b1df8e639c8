import { AppError } from '../../shared/contract/errors';
import type { DbProfile } from './db';

/** The SQLSTATE of a database error from either driver (both expose it as `code`), or undefined. */
export function sqlStateOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs that mean the server is going away or not accepting connections right now; class 08 is
 * "connection exception".
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

function where(profile: Pick<DbProfile, 'host' | 'port'>): string {
  return `${profile.host}:${profile.port}`;
}

/**
 * Turns a failure to reach or log in to the server into AppError DB_UNAVAILABLE with a sentence a person
 * can act on; returns undefined for ordinary SQL errors, which the caller rethrows unchanged. Messages
 * never include the password.
 */
export function connectionErrorToAppError(
  e: unknown,
  profile: Pick<DbProfile, 'host' | 'port' | 'user' | 'database'>,
): AppError | undefined {
  if (e instanceof AppError) return e;
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const message = typeof err?.message === 'string' ? err.message : String(e);
  const at = where(profile);
  if (code !== undefined && NETWORK_CODES.has(code)) {
    return new AppError(
      'DB_UNAVAILABLE',
      `The PostgreSQL server at ${at} is not reachable (${code}). Check that it is running and that ` +
        'host and port in the connection profile are right.',
      'Retry when the server is back; the portal reconnects by itself.',
      { cause: e },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new AppError(
      'DB_UNAVAILABLE',
      `The PostgreSQL server at ${at} refused the login of user "${profile.user}" (${code}). ` +
        'Check the user and password in the connection profile.',
      undefined,
      { cause: e },
    );
  }
  if (code === '3D000') {
    return new AppError(
      'DB_UNAVAILABLE',
      `The PostgreSQL server at ${at} has no database "${profile.database}". ` +
        'Check the database name in the connection profile or ask an administrator to create it.',
      undefined,
      { cause: e },
    );
  }
  if ((code !== undefined && (code.startsWith('08') || UNAVAILABLE_STATES.has(code))) || isDropped(message)) {
    return new AppError(
      'DB_UNAVAILABLE',
      `The connection to the PostgreSQL server at ${at} was lost (${code ?? 'connection closed'}). ` +
        'Check that the server is running; the portal reconnects by itself.',
      undefined,
      { cause: e },
    );
  }
  if (
    /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(message)
  ) {
    return new AppError(
      'DB_UNAVAILABLE',
      `The PostgreSQL server at ${at} did not answer in time (timeout). Check that it is running and ` +
        'reachable from this computer.',
      undefined,
      { cause: e },
    );
  }
  if (
    /self[- ]signed certificate|certificate|SSL|TLS/i.test(message) &&
    code !== undefined &&
    !/^[0-9A-Z]{5}$/.test(code)
  ) {
    return new AppError(
      'DB_UNAVAILABLE',
      `The TLS connection to the PostgreSQL server at ${at} failed (${code}). Check the SSL settings of ` +
        'the connection profile.',
      undefined,
      { cause: e },
    );
  }
  return undefined;
}

function isDropped(message: string): boolean {
  return /Connection terminated|Client has encountered a connection error|not queryable/i.test(message);
}
