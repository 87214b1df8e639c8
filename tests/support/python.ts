import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

// Locates a Python that can run the Fabric notebook locally (it needs openpyxl; pandas is checked too
// because the notebook's Fabric runtime has it and notebook authors reach for it).
// Order: $PYTHON, else Debian's /usr/bin/python3 (where apt puts python3-pandas/python3-openpyxl, unlike a
// pyenv python3 that may come first on PATH), else python3 on PATH.

export const PYTHON_INSTALL_HINT = 'apt-get install python3-pandas python3-openpyxl';

export type PythonProbe = { ok: true; executable: string; version: string } | { ok: false; reason: string };

const PROBE_SCRIPT = 'import sys, pandas, openpyxl; print(sys.version.split()[0])';

export function findPython(env: NodeJS.ProcessEnv = process.env): PythonProbe {
  const candidates = env.PYTHON ? [env.PYTHON] : ['/usr/bin/python3', 'python3'];
  const problems: string[] = [];
  for (const executable of candidates) {
    const result = spawnSync(executable, ['-c', PROBE_SCRIPT], { encoding: 'utf8', timeout: 30_000 });
    if (result.status === 0) return { ok: true, executable, version: result.stdout.trim() };
    const detail = result.error ? result.error.message : (result.stderr.trim().split('\n').pop() ?? '');
    problems.push(`${executable}: ${detail}`);
  }
  return {
    ok: false,
    reason:
      `No Python with pandas and openpyxl found (${problems.join('; ')}). ` +
      `Install them with \`${PYTHON_INSTALL_HINT}\`, or point $PYTHON at a Python that has them.`,
  };
}

let cached: PythonProbe | undefined;

/** findPython() once per test process. */
export function pythonForTests(): PythonProbe {
  cached ??= findPython();
  return cached;
}

/**
 * describe() for tests that run the notebook. Without a usable Python the suite is skipped locally (with a
 * message saying what to install) but FAILS under CI=true, so a CI machine missing the packages is noticed.
 */
export function describeWithPython(name: string, body: (python: string) => void): void {
  const probe = pythonForTests();
  if (probe.ok) {
    describe(name, () => body(probe.executable));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a Python with pandas and openpyxl', () => {
        throw new Error(probe.reason);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${probe.reason}`);
  describe.skip(name, () => body('python3'));
}
