import { useEffect, useState } from 'react';

/** The current time (shifted by `offsetMs`), re-read every `intervalMs` while `ticking`: elapsed times count up live. */
export function useNow(ticking: boolean, offsetMs = 0, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [ticking, intervalMs]);
  return now + offsetMs;
}
