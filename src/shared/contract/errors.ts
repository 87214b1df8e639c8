import { z } from 'zod';

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

export const AppErrorDataSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** a sentence a person can act on; never a stack trace or a secret */
  message: z.string(),
  /** what to do about it, when there is something to do */
  hint: z.string().optional(),
});
export type AppErrorData = z.infer<typeof AppErrorDataSchema>;

/** Thrown by services; the router turns it into the error envelope unchanged. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
  }
  toData(): AppErrorData {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
