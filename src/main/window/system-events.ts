import { net, powerMonitor } from 'electron';
import type { Lifecycle } from '../app/lifecycle';
import { createOnlineWatcher } from './online-watcher';

/** Forwards sleep/wake and network changes to the services. Returns a stop function. */
export function forwardSystemEvents(lifecycle: Lifecycle): () => void {
  const suspend = () => void lifecycle.notify('suspend');
  const resume = () => void lifecycle.notify('resume');
  powerMonitor.on('suspend', suspend);
  powerMonitor.on('resume', resume);
  // Electron's main process has no online/offline event; net.isOnline() is cheap, so it is polled.
  const watcher = createOnlineWatcher({
    isOnline: () => net.isOnline(),
    onChange: (online) => void lifecycle.notify(online ? 'online' : 'offline'),
    intervalMs: 5_000,
  });
  return () => {
    powerMonitor.off('suspend', suspend);
    powerMonitor.off('resume', resume);
    watcher.stop();
  };
}
