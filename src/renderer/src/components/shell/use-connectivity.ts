import { useStore } from 'zustand';
import type { Connectivity } from '../../../../shared/contract/connectivity';
import { offlineReason } from '../../stores/connectivity';
import { useStores } from '../../stores/context';

/** The app's connectivity as main last reported it (null before the first answer). */
export function useConnectivity(): Connectivity | null {
  return useStore(useStores().connectivity, (s) => s.status);
}

/**
 * Why an action that needs the database and Fabric (start, cancel, restore, release the lock) is disabled
 * now, or null when it can run. Pages put it in the button's `disabled` and show it with UnavailableNote.
 */
export function useOfflineReason(): string | null {
  return offlineReason(useConnectivity());
}
