import { createTheme, type MantineColorsTuple } from '@mantine/core';

// The brand colour: a deep teal close to Microsoft Fabric's, chosen so shade 7 (light scheme) and shade 5
// (dark scheme) both reach WCAG AA contrast for white button text.
const fabric: MantineColorsTuple = [
  '#e3f8f5',
  '#cdeee8',
  '#9ddcd1',
  '#69c9b8',
  '#3fb9a4',
  '#24ae97',
  '#10a78f',
  '#00917c',
  '#00816e',
  '#006f5e',
];

export const theme = createTheme({
  primaryColor: 'fabric',
  primaryShade: { light: 8, dark: 6 },
  colors: { fabric },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  // People who asked their OS for less motion get no transitions (drawers, notifications, collapses).
  respectReducedMotion: true,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji"',
  headings: { fontWeight: '650' },
  components: {
    Tooltip: { defaultProps: { withArrow: true, openDelay: 200, multiline: true, maw: 320 } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    Paper: { defaultProps: { withBorder: true, radius: 'md' } },
    // Mantine's notification close button has no accessible name of its own.
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } },
  },
});
