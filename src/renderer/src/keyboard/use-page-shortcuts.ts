import { useHotkeys, type HotkeyItem } from '@mantine/hooks';
import { PAGES } from '../../../shared/contract/ui-values';
import { useAppStore } from '../stores/context';

/**
 * Ctrl+1..6 (Cmd on macOS) open the six pages in navigation order. Physical digit keys, so the shortcut
 * works on layouts where the digits need Shift (AZERTY), and also while typing in a field.
 */
export function usePageShortcuts(): void {
  const setPage = useAppStore((s) => s.setPage);
  const hotkeys = PAGES.map((page, i): HotkeyItem => [
    `mod+Digit${i + 1}`,
    () => setPage(page),
    { usePhysicalKeys: true },
  ]);
  useHotkeys(hotkeys, []);
}
