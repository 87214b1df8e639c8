/**
 * PORTAL_DEMO_SPEED scales the Demo emulator's job timing (its NotStarted phase and Retry-After): 1 (the
 * default) is the emulator's normal pace, 0.1 ten times slower (tests that need the run lock held long enough
 * to look at it), 10 ten times faster. Throws a sentence the user can act on.
 */
export function parseDemoSpeed(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed < 0.01 || speed > 100) {
    throw new Error(
      `PORTAL_DEMO_SPEED must be a number from 0.01 to 100 (1 = normal pace), got "${value}". Unset it for the normal pace.`,
    );
  }
  return speed;
}
