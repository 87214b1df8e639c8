/**
 * System events the services care about: the machine sleeping/waking (a monitor must give up or renew its
 * lease) and the network going away/coming back. Electron's powerMonitor and the preview host feed this;
 * services register hooks through the composition root.
 */
export type LifecycleEvent = 'suspend' | 'resume' | 'online' | 'offline';

export interface Lifecycle {
  on(event: LifecycleEvent, hook: () => void | Promise<void>): () => void;
  notify(event: LifecycleEvent): Promise<void>;
}

export function createLifecycle(deps: {
  onHookError: (event: LifecycleEvent, error: unknown) => void;
}): Lifecycle {
  const hooks = new Map<LifecycleEvent, Set<() => void | Promise<void>>>();
  return {
    on(event, hook) {
      const set = hooks.get(event) ?? new Set();
      hooks.set(event, set);
      set.add(hook);
      return () => void set.delete(hook);
    },
    async notify(event) {
      const set = [...(hooks.get(event) ?? [])];
      // Every hook runs even if one fails: one stuck service must not keep the others asleep.
      const results = await Promise.allSettled(set.map(async (hook) => hook()));
      for (const r of results) if (r.status === 'rejected') deps.onHookError(event, r.reason);
    },
  };
}
