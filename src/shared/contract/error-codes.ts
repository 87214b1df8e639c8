// Plain values, kept apart from the zod schemas in errors.ts so the renderer can use them without
// pulling zod into its initial bundle (tests/e2e/renderer/bundle-size.test.ts).

/** The closed set of error codes that cross IPC; the UI decides what to offer from the code. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'LOCKED',
  'CONFLICT',
  'FABRIC_AUTH',
  'FABRIC_PERMISSION',
  'FABRIC_HTTP',
  'FABRIC_THROTTLED',
  'DB_UNAVAILABLE',
  'DB_SCHEMA',
  'KEYCHAIN_UNAVAILABLE',
  'INPUT_INVALID',
  'OFFLINE',
  'TIMEOUT',
  'CANCELLED',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
