import { EmptyState, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { MAX_PREF_VALUE_LENGTH } from '../../../../shared/contract/ui-values';
import { IconWorkbook } from '../../components/icons/icons';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore, usePagePref, usePageStore, useStores } from '../../stores/context';
import { PAGE_META } from '../page-meta';
import { INSPECTION_TABS, InspectionPanel, type InspectionTab } from './InspectionPanel';
import { LockNotice } from './LockNotice';
import { RunDialog } from './RunDialog';
import { runReadiness, type Readiness } from './run-readiness';
import { useOfflineReason } from '../../components/shell/use-connectivity';
import { UploadArea } from './UploadArea';
import { WorkbookList } from './WorkbookList';

export function ImportPage() {
  const stores = useStores();
  const workbooks = usePageStore('import', (s) => s.workbooks);
  const context = usePageStore('import', (s) => s.context);
  const inspection = usePageStore('import', (s) => s.inspection);
  const inspect = usePageStore('import', (s) => s.inspect);
  const starting = usePageStore('import', (s) => s.starting);
  const startRun = usePageStore('import', (s) => s.startRun);
  const lock = useAppStore((s) => s.lock);
  const setPage = useAppStore((s) => s.setPage);
  const setPref = useAppStore((s) => s.setPref);
  const remembered = useAppStore((s) => s.prefs.import?.['selected'] ?? null);
  const [tab, setTab] = usePagePref<InspectionTab>('import', 'tab', 'schema', INSPECTION_TABS);
  const [dialogOpen, setDialogOpen] = useState(false);
  // A new key per opening: the dialog starts from no parameters and no error each time.
  const [dialogKey, setDialogKey] = useState(0);

  // Shown = fresh: the list, the baseline and the live events, for as long as the page is open.
  useEffect(() => {
    const s = stores.import.getState();
    const off = s.connect();
    void s.loadWorkbooks();
    void s.loadContext();
    return off;
  }, [stores]);

  const select = (path: string) => {
    setPref('import', 'selected', path.length <= MAX_PREF_VALUE_LENGTH ? path : null);
    void inspect(path);
  };

  // Open on the workbook inspected last time, else the first one, once the list is there.
  const list = workbooks.status === 'ready' ? workbooks.value : null;
  useEffect(() => {
    if (!list || list.length === 0) return;
    const current = stores.import.getState().inspection;
    if (current && list.some((w) => w.path === current.path)) return;
    const pick = list.find((w) => w.path === remembered) ?? list[0];
    if (pick) void stores.import.getState().inspect(pick.path);
  }, [list, remembered, stores]);

  const offline = useOfflineReason();
  const readiness: Readiness = offline
    ? { ok: false, kind: 'offline', reason: offline }
    : runReadiness(inspection, lock);
  const requestedBy = context.status === 'ready' ? context.value.requestedBy : 'you';

  return (
    <>
      <PageHeader title="Import" description={PAGE_META.import.description} />
      <LockNotice />
      <Paper p="lg" mb="md">
        <UploadArea>
          {(uploadButton) => (
            <WorkbookList selected={inspection?.path ?? null} onSelect={select} actions={uploadButton} />
          )}
        </UploadArea>
      </Paper>
      <Paper p="lg">
        {inspection ? (
          <InspectionPanel
            inspection={inspection}
            context={context}
            readiness={readiness}
            tab={tab}
            onTab={setTab}
            onRun={() => {
              setDialogKey((k) => k + 1);
              setDialogOpen(true);
            }}
            onRetry={() => void inspect(inspection.path)}
          />
        ) : (
          <EmptyState
            py="lg"
            icon={<IconWorkbook size={28} />}
            title="No workbook selected"
            description="Choose a workbook above to see its columns, first rows and validation report."
            data-testid="inspection-empty"
          >
            {list?.length === 0 && (
              <Text size="sm" c="dimmed">
                Upload one first.
              </Text>
            )}
          </EmptyState>
        )}
      </Paper>
      {inspection && (
        <RunDialog
          key={dialogKey}
          opened={dialogOpen}
          inputPath={inspection.path}
          requestedBy={requestedBy}
          starting={starting}
          onClose={() => setDialogOpen(false)}
          onStart={async (parameters) => {
            const result = await startRun(inspection.path, parameters);
            if (!result.ok) return result.error;
            setDialogOpen(false);
            notifications.show({
              color: 'green',
              title: 'Run started',
              message: `${result.run.inputName} is being processed in Fabric (run ${result.run.runId.slice(0, 8)}).`,
            });
            setPage('monitor');
            return null;
          }}
        />
      )}
    </>
  );
}
