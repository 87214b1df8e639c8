import type { Portal } from '../portal';

/** What every page store is built with; page stores call main only through the portal. */
export interface PageStoreDeps {
  portal: Portal;
}
