import type { ComponentType } from 'react';
import { PAGES, type Page } from '../../../shared/contract/ui-values';
import type { IconProps } from '../components/icons/create-icon';
import {
  IconArchive,
  IconDiagnostics,
  IconImport,
  IconMonitor,
  IconResults,
  IconSettings,
} from '../components/icons/icons';

export interface PageMeta {
  label: string;
  /** one sentence under the page title */
  description: string;
  icon: ComponentType<IconProps>;
}

export const PAGE_META: Record<Page, PageMeta> = {
  import: {
    label: 'Import',
    description: 'Workbooks waiting in Files/import of the lakehouse: inspect one and start a pipeline run.',
    icon: IconImport,
  },
  monitor: {
    label: 'Monitor',
    description: 'The pipeline run in progress, its status in Fabric and who holds the run lock.',
    icon: IconMonitor,
  },
  results: {
    label: 'Results',
    description: 'KPIs and cleaned sales data of the current run.',
    icon: IconResults,
  },
  archive: {
    label: 'Archive',
    description: 'Every recorded run, with its outcome; restore an earlier run as the current one.',
    icon: IconArchive,
  },
  settings: {
    label: 'Settings',
    description: 'Connection profile, appearance and preferences.',
    icon: IconSettings,
  },
  diagnostics: {
    label: 'Diagnostics',
    description: 'Version, connection health and details to send to support.',
    icon: IconDiagnostics,
  },
};

/** Ctrl/Cmd + this digit opens the page. */
export const pageShortcutDigit = (page: Page): number => PAGES.indexOf(page) + 1;
