import type { Call } from '../../support/composed-app';

/**
 * Whether the OS keychain holds the profile's secrets, which the preview host (another process) can read
 * only from there. Without one the test fails under CI=true and is skipped locally, saying what to install.
 */
export async function keychainForHost(
  call: Call,
  t: { skip: () => void },
  testFile: string,
): Promise<boolean> {
  if ((await call('config.keychainStatus', {})).storage === 'keychain') return true;
  const why = `No OS keychain is reachable, so the preview host (another process) cannot read the profile secrets. Run under scripts/with-keyring.sh (apt-get install dbus gnome-keyring), e.g. scripts/with-keyring.sh npx vitest run --project e2e ${testFile}`;
  if (process.env.CI === 'true') throw new Error(why);
  console.warn(`[${testFile}] skipped: ${why}`);
  t.skip();
  return false;
}
