import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './error-codes';

export { ERROR_CODES, type ErrorCode } from './error-codes';

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
