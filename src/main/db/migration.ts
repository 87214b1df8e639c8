import { createHash } from 'node:crypto';

/** One schema step. Versions are consecutive from 1; an applied migration is never edited, only followed. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * sha256 of the SQL with line endings normalised, so a Windows checkout (CRLF) of the same file matches
 * what a Linux build applied.
 */
export function migrationChecksum(m: Migration): string {
  return createHash('sha256').update(m.sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export function migrationLabel(m: Pick<Migration, 'version' | 'name'>): string {
  return `${String(m.version).padStart(4, '0')}_${m.name}`;
}
