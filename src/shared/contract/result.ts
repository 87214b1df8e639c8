import type { AppErrorData } from './errors';

/** Every invocation answers with this envelope; nothing is thrown across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppErrorData): Result<never> => ({ ok: false, error });
