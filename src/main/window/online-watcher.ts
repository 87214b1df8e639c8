/** Polls a connectivity probe and reports only changes. */
export function createOnlineWatcher(deps: {
  isOnline: () => boolean;
  onChange: (online: boolean) => void;
  intervalMs: number;
}): { check(): void; stop(): void } {
  let last = deps.isOnline();
  const check = (): void => {
    const now = deps.isOnline();
    if (now !== last) {
      last = now;
      deps.onChange(now);
    }
  };
  const timer = setInterval(check, deps.intervalMs);
  timer.unref?.();
  return { check, stop: () => clearInterval(timer) };
}
