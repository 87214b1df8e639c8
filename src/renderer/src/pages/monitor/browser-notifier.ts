import type { RunEndNotice } from './run-end-notice';

export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

/** Shows a run's end as an OS notification; the renderer decides when, the host decides how. */
export interface RunNotifier {
  permission(): NotifyPermission;
  /** must be called from a user gesture (a click): browsers refuse to ask otherwise */
  requestPermission(): Promise<NotifyPermission>;
  show(notice: RunEndNotice, onClick: () => void): void;
}

/** The Web Notification API (browser preview host), which also works while the tab is in the background. */
export function createBrowserNotifier(): RunNotifier {
  const api = typeof Notification === 'undefined' ? null : Notification;
  return {
    permission: () => (api ? api.permission : 'unsupported'),
    async requestPermission() {
      if (!api) return 'unsupported';
      return api.requestPermission();
    },
    show(notice, onClick) {
      if (!api || api.permission !== 'granted') return;
      const n = new api(notice.title, { body: notice.body, tag: `run-${notice.runId}` });
      n.onclick = () => {
        window.focus();
        onClick();
        n.close();
      };
    },
  };
}
