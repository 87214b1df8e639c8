/** The modifier as people on this platform know it. */
export function modifierLabel(platform: string): string {
  return /mac|iphone|ipad/i.test(platform) ? '⌘' : 'Ctrl';
}

/** The `aria-keyshortcuts` value for mod+digit on this platform. */
export function ariaShortcut(platform: string, digit: number): string {
  return `${/mac|iphone|ipad/i.test(platform) ? 'Meta' : 'Control'}+${digit}`;
}

export const currentPlatform = (): string =>
  (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ??
  navigator.platform;
