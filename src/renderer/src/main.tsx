import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './theme/global.css';
import { notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AppErrorData } from '../../shared/contract/errors';
import { DEFAULT_UI_STATE, type UiState } from '../../shared/contract/ui-values';
import { App } from './App';
import { getPortal, type Portal } from './portal';
import { createStores } from './stores/stores';
import { createUiStatePersister, loadUiState } from './stores/ui-state-persister';

const UI_STATE_WAIT_MS = 5_000;

// Failures to read or save the remembered page and theme are worth one quiet notice, not a blocked start.
const notifyUiStateProblem = (error: AppErrorData): void => {
  notifications.show({
    color: 'yellow',
    title: 'Your page and theme choice may not be remembered',
    message: error.hint ? `${error.message} ${error.hint}` : error.message,
    autoClose: 8000,
  });
};

// A host that does not answer must not keep the window blank: open with the defaults instead.
async function loadUiStateInTime(portal: Portal, onError: (e: AppErrorData) => void): Promise<UiState> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<UiState>((resolve) => {
    timer = setTimeout(() => {
      onError({ code: 'TIMEOUT', message: 'The remembered page and theme did not arrive in time.' });
      resolve(DEFAULT_UI_STATE);
    }, UI_STATE_WAIT_MS);
  });
  try {
    return await Promise.race([loadUiState(portal, onError), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  const portal = getPortal();
  // Read before the first render, so the window opens on the remembered page in the remembered theme.
  const pendingErrors: AppErrorData[] = [];
  const initial = await loadUiStateInTime(portal, (e) => pendingErrors.push(e));
  const persister = createUiStatePersister(portal, notifyUiStateProblem);
  const stores = createStores({ portal, initial, persister });
  createRoot(root).render(
    <StrictMode>
      <App stores={stores} />
    </StrictMode>,
  );
  // Notifications mount with the app; show start-up problems once they can be seen.
  setTimeout(() => pendingErrors.forEach(notifyUiStateProblem), 0);
}

void start();
