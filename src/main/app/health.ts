import type { Health } from '../../shared/contract/app';

export type HealthPartName = keyof Health;
export type HealthPart = Health[HealthPartName];

export interface HealthService {
  get(): Health;
  /** Services report their own part; listeners hear only real changes. */
  report(part: HealthPartName, status: HealthPart['status'], message: string): void;
  onChange(listener: (health: Health) => void): () => void;
}

const unknownPart = (): HealthPart => ({ status: 'unknown', message: 'Not checked yet.', checkedAt: null });

export function createHealthService(deps: { now?: () => Date } = {}): HealthService {
  const now = deps.now ?? (() => new Date());
  let health: Health = {
    fabric: unknownPart(),
    onelake: unknownPart(),
    database: unknownPart(),
    keychain: unknownPart(),
  };
  const listeners = new Set<(health: Health) => void>();

  return {
    get: () => health,
    report(part, status, message) {
      const previous = health[part];
      const changed = previous.status !== status || previous.message !== message;
      health = { ...health, [part]: { status, message, checkedAt: now().toISOString() } };
      if (changed) for (const listener of [...listeners]) listener(health);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
