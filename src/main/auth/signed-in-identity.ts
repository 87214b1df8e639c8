import type { RunIdentity } from '../runs/run-deps';

/**
 * The install's run identity, with the label (requested_by, lock holder) following the signed-in analyst:
 * read at each use, so a sign-in or sign-out applies to the next run without reopening the backend.
 */
export function signedInIdentity(install: RunIdentity, username: () => string | null): RunIdentity {
  return {
    holderId: install.holderId,
    actor: install.actor,
    host: install.host,
    get label() {
      return username() ?? install.label;
    },
  };
}
