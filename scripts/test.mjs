#!/usr/bin/env node
// `npm test`: builds the app (the preview host and e2e tests run the built output), runs every vitest
// project, and ends with one line `N passed, N failed` summing all suites.
// On Linux the run happens inside a private D-Bus session with an unlocked gnome-keyring, so the secret
// store is tested against a real OS keychain (scripts/with-keyring.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

if (
  process.platform === 'linux' &&
  !process.env.PORTAL_KEYRING_SESSION &&
  onPath('dbus-run-session') &&
  onPath('gnome-keyring-daemon')
) {
  const r = spawnSync(
    'bash',
    [join(root, 'scripts/with-keyring.sh'), process.execPath, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, PORTAL_KEYRING_SESSION: '1' },
    },
  );
  process.exit(r.status ?? 1);
}

const run = (cmd, cmdArgs) => spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root }).status ?? 1;

if (!args.includes('--no-build')) {
  console.log('Building the app (electron-vite build) for the preview host and e2e tests…');
  if (run('npx', ['electron-vite', 'build', '--logLevel', 'warn']) !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

mkdirSync(join(root, 'test-results'), { recursive: true });
const report = join(root, 'test-results', 'vitest.json');
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
const status = run('npx', [...vitestArgs, ...args.filter((a) => a !== '--no-build')]);

let passed = 0;
let failed = status === 0 ? 0 : 1;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  // A suite that failed to load has no failed tests but must still count as a failure.
  failed =
    r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
  skipped = r.numPendingTests + r.numTodoTests;
  if (status !== 0 && failed === 0) failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
// Trust the counts as well as the exit status: a teardown hook that calls process.exit(0) must not turn a
// failed run green.
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
