import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { RunIdentity } from './run-deps';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * This install's identity: a UUID kept in <dataDir>/install-id (created on first use) and the label
 * "user@host" other analysts see as the lock holder. Both are claims, not proofs (see docs/runs.md).
 */
export async function loadInstallIdentity(dataDir: string, user?: string): Promise<RunIdentity> {
  const file = join(dataDir, 'install-id');
  let holderId = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (!UUID_RE.test(holderId)) {
    holderId = randomUUID();
    await mkdir(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${holderId}\n`, { mode: 0o600 });
    await rename(tmp, file);
  }
  const actor = user ?? safeUser();
  const host = hostname() || 'unknown-host';
  return { holderId, label: `${actor}@${host}`, actor, host };
}

function safeUser(): string {
  try {
    return userInfo().username || 'unknown-user';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown-user';
  }
}
