import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DiagnosticsReport } from '../../../shared/contract/diagnostics';
import type { AppErrorData } from '../../../shared/contract/errors';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';

/** Events settle in bursts (a run ending moves the lock and the run at once); one re-check covers a burst. */
export const RECHECK_DELAY_MS = 400;

export interface DiagnosticsState {
  checks: Resource<DiagnosticsReport>;
  /** a run of the checks is under way (the previous results stay visible meanwhile) */
  running: boolean;
  run(): Promise<void>;
  /** answers the error to show, or null when the lock was released */
  forceRelease(reason: string): Promise<AppErrorData | null>;
  /** re-runs the checks when the lock or the profiles change; returns the unsubscribe function */
  watch(): () => void;
}

export type DiagnosticsStore = StoreApi<DiagnosticsState>;

export function createDiagnosticsStore({ portal }: PageStoreDeps): DiagnosticsStore {
  return createStore<DiagnosticsState>()((set, get) => {
    let pending: Promise<void> | null = null;
    let again = false;

    const runOnce = async (): Promise<void> => {
      set({ running: true });
      const result = await invokeSafely(portal, 'diagnostics.run', {});
      set({
        running: false,
        checks: result.ok ? ready(result.value) : { status: 'error', error: result.error },
      });
    };

    return {
      checks: loading,
      running: false,

      // A request while checks run queues exactly one more run, so the result reflects the latest state.
      async run() {
        if (pending) {
          again = true;
          return pending;
        }
        pending = (async () => {
          do {
            again = false;
            await runOnce();
          } while (again);
        })().finally(() => {
          pending = null;
        });
        return pending;
      },

      async forceRelease(reason) {
        const result = await invokeSafely(portal, 'lock.forceRelease', { reason });
        if (!result.ok) return result.error;
        void get().run();
        return null;
      },

      watch() {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const soon = (): void => {
          clearTimeout(timer);
          timer = setTimeout(() => void get().run(), RECHECK_DELAY_MS);
        };
        const offs = [portal.on('lock.changed', soon), portal.on('profiles.changed', soon)];
        return () => {
          clearTimeout(timer);
          for (const off of offs) off();
        };
      },
    };
  });
}
