import { createIcon } from './create-icon';

// Each icon is its strokes on a 24 x 24 grid: path data, or a rectangle / circle by its numbers.

export const IconImport = createIcon('IconImport', [
  'M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2',
  'M7 9l5-5 5 5',
  'M12 4v12',
]);

export const IconMonitor = createIcon('IconMonitor', ['M3 12h4l3 8 4-16 3 8h4']);

export const IconResults = createIcon('IconResults', [
  'M3 21h18',
  { rect: [5, 12, 3, 6, 0.5] },
  { rect: [10.5, 7, 3, 11, 0.5] },
  { rect: [16, 3, 3, 15, 0.5] },
]);

export const IconArchive = createIcon('IconArchive', [
  { rect: [3, 4, 18, 4, 1] },
  'M5 8v10a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8',
  'M10 12h4',
]);

export const IconSettings = createIcon('IconSettings', [
  'M4 6h8M16 6h4M4 12h2M10 12h10M4 18h11M19 18h1',
  { circle: [14, 6, 2] },
  { circle: [8, 12, 2] },
  { circle: [17, 18, 2] },
]);

export const IconDiagnostics = createIcon('IconDiagnostics', [
  { circle: [12, 12, 9] },
  'M7 12h2l1.5-3 3 6 1.5-3h2',
]);

export const IconSun = createIcon('IconSun', [
  { circle: [12, 12, 4] },
  'M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4',
]);

export const IconMoon = createIcon('IconMoon', ['M12 3a6 6 0 0 0 9 9 9 9 0 1 1-9-9z']);

export const IconCopy = createIcon('IconCopy', [
  { rect: [8, 8, 12, 12, 2] },
  'M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2',
]);

export const IconRefresh = createIcon('IconRefresh', [
  'M20 11a8.1 8.1 0 0 0-15.5-2M4 5v4h4',
  'M4 13a8.1 8.1 0 0 0 15.5 2M20 19v-4h-4',
]);

export const IconLock = createIcon('IconLock', [{ rect: [5, 11, 14, 10, 2] }, 'M8 11V7a4 4 0 0 1 8 0v4']);

export const IconLockOpen = createIcon('IconLockOpen', [
  { rect: [5, 11, 14, 10, 2] },
  'M8 11V7a4 4 0 0 1 7.7-1.5',
]);

export const IconWorkbook = createIcon('IconWorkbook', [
  'M14 3v4a1 1 0 0 0 1 1h4',
  'M17 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v11a2 2 0 0 1-2 2z',
  'M8.5 11h7v7h-7zM8.5 14.5h7M12 11v7',
]);

export const IconPlay = createIcon('IconPlay', ['M7 4v16l13-8z']);

export const IconInbox = createIcon('IconInbox', [{ rect: [4, 4, 16, 16, 2] }, 'M4 13h3l3 3h4l3-3h3']);

export const IconAlert = createIcon('IconAlert', [
  'M12 9v4M12 17h.01',
  'M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z',
]);

export const IconUser = createIcon('IconUser', [
  { circle: [12, 8, 4] },
  'M6 21v-2a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v2',
]);

export const IconKeyboard = createIcon('IconKeyboard', [
  { rect: [2, 6, 20, 12, 2] },
  'M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10',
]);

/** The portal's mark: stacked lakehouse layers. */
export const IconBrand = createIcon('IconBrand', ['M12 3 3 8l9 5 9-5z', 'M3 12.5l9 5 9-5', 'M3 17l9 5 9-5']);
