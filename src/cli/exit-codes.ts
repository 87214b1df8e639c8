import type { ErrorCode } from '../shared/contract/errors';

/** The documented exit codes of `portal` (docs/cli.md). */
export const EXIT = {
  OK: 0,
  OTHER: 1,
  USAGE: 2,
  LOCKED: 3,
  NOT_FOUND: 4,
  FABRIC: 5,
  DATABASE: 6,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION':
      return EXIT.USAGE;
    case 'LOCKED':
      return EXIT.LOCKED;
    case 'NOT_FOUND':
      return EXIT.NOT_FOUND;
    case 'FABRIC_AUTH':
    case 'FABRIC_PERMISSION':
    case 'FABRIC_HTTP':
    case 'FABRIC_THROTTLED':
    case 'OFFLINE':
    case 'TIMEOUT':
      return EXIT.FABRIC;
    case 'DB_UNAVAILABLE':
    case 'DB_SCHEMA':
      return EXIT.DATABASE;
    default:
      return EXIT.OTHER;
  }
}
