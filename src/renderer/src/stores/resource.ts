import type { AppErrorData } from '../../../shared/contract/errors';

/**
 * What a page knows about one piece of data. `unavailable` means the app cannot provide it in this build
 * or profile (the page says so and disables the action) — distinct from `error`, which is a failure the
 * user may retry.
 */
export type Resource<T> =
  | { status: 'unavailable'; reason: string }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: AppErrorData };

export const loading = { status: 'loading' } as const;
export const unavailable = (reason: string) => ({ status: 'unavailable', reason }) as const;
export const ready = <T>(value: T): Resource<T> => ({ status: 'ready', value });
