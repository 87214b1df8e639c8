import type { Page } from '../../../shared/contract/ui-values';
import { ArchivePage } from './archive/ArchivePage';
import { DiagnosticsPage } from './diagnostics/DiagnosticsPage';
import { ImportPage } from './import/ImportPage';
import { MonitorPage } from './monitor/MonitorPage';
import { ResultsPage } from './results/ResultsPage';
import { SettingsPage } from './settings/SettingsPage';

export function PageView({ page }: { page: Page }) {
  switch (page) {
    case 'import':
      return <ImportPage />;
    case 'monitor':
      return <MonitorPage />;
    case 'results':
      return <ResultsPage />;
    case 'archive':
      return <ArchivePage />;
    case 'settings':
      return <SettingsPage />;
    case 'diagnostics':
      return <DiagnosticsPage />;
  }
}
