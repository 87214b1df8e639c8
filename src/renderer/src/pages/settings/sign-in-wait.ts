/** How long a sign-in has waited, as m:ss (0:42, 3:05); a clock set back shows 0:00 rather than a negative. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
