import { Button, Group, Pagination, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RunDetail } from '../../../../shared/contract/archive';
import { PageHeader } from '../../components/PageHeader';
import { MAX_COMPARE } from '../../stores/archive';
import { useAppStore, usePagePref, usePageStore, useStores } from '../../stores/context';
import { PAGE_META } from '../page-meta';
import { KPI_FIELDS, type KpiKey } from './archive-compare';
import { shortId } from './archive-format';
import { ARCHIVE_PAGE_SIZE, hasFilters, nextSort } from './archive-query';
import { ArchiveFilters, FILTER_LABEL } from './ArchiveFilters';
import { blockedReason } from './restore-block';
import { CompareModal } from './CompareModal';
import { RerunDialog } from './RerunDialog';
import { RestoreDialog } from './RestoreDialog';
import { OpenedBundlesPanel } from '../../components/bundles/OpenedBundlesPanel';
import { RestoreHistoryPanel } from './RestoreHistoryPanel';
import { RunDetailDrawer } from './RunDetailDrawer';
import { RunTable } from './RunTable';
import { useArchiveQuery } from './use-archive-query';

const TREND_KEYS = KPI_FIELDS.map((f) => f.key);

export function ArchivePage() {
  const stores = useStores();
  const store = stores.archive;
  const runs = usePageStore('archive', (s) => s.runs);
  const page = usePageStore('archive', (s) => s.page);
  const history = usePageStore('archive', (s) => s.history);
  const selected = usePageStore('archive', (s) => s.selected);
  const detail = usePageStore('archive', (s) => s.detail);
  const compare = usePageStore('archive', (s) => s.compare);
  const current = usePageStore('archive', (s) => s.current);
  const lock = useAppStore((s) => s.lock);
  const setPage = useAppStore((s) => s.setPage);
  const [query, setQuery] = useArchiveQuery();
  const [trendKey, setTrendKey] = usePagePref<KpiKey>('archive', 'trend', 'total_revenue', TREND_KEYS);
  const [restoreTarget, setRestoreTarget] = useState<RunDetail | null>(null);
  const [rerunSource, setRerunSource] = useState<RunDetail | null>(null);

  // The query is remembered (ui-state) and applied by main, so paging and totals stay right.
  useEffect(() => {
    void store.getState().load(query);
  }, [store, query]);
  useEffect(() => {
    void store.getState().loadHistory();
  }, [store]);

  const historyValue = history.status === 'ready' ? history.value : null;
  const restoredIds = useMemo(
    () => new Set(historyValue?.restores.map((r) => r.runId) ?? []),
    [historyValue],
  );
  const restoreBlocked = blockedReason(lock);
  const openRun = useCallback(
    (runId: string) => {
      store.getState().closeCompare();
      void store.getState().openDetail(runId);
    },
    [store],
  );

  const total = runs.status === 'ready' ? runs.value.total : 0;
  const pages = Math.max(1, Math.ceil(total / ARCHIVE_PAGE_SIZE));
  const shownFrom = (page - 1) * ARCHIVE_PAGE_SIZE + 1;
  const shownTo = Math.min(total, page * ARCHIVE_PAGE_SIZE);

  return (
    <>
      <PageHeader
        title="Archive"
        description={PAGE_META.archive.description}
        actions={
          <>
            {selected.length > 0 && (
              <Button variant="subtle" onClick={() => store.getState().clearSelected()}>
                Clear selection
              </Button>
            )}
            <Button
              onClick={() => void store.getState().openCompare()}
              disabled={selected.length < 2}
              data-testid="archive-compare-open"
              title={selected.length < 2 ? 'Tick two or more runs in the table to compare them' : undefined}
            >
              {selected.length < 2 ? 'Compare runs' : `Compare ${selected.length} runs`}
            </Button>
          </>
        }
      />
      <ArchiveFilters query={query} onChange={setQuery} />
      <Paper p={0}>
        <RunTable
          runs={runs}
          query={query}
          emptyText={
            !hasFilters(query)
              ? 'No runs recorded yet'
              : query.status !== 'all' &&
                  query.text + query.requestedBy + query.inputName + query.from + query.to === ''
                ? `No ${FILTER_LABEL[query.status].toLowerCase()} runs`
                : 'No runs match these filters'
          }
          {...(hasFilters(query)
            ? { emptyDetail: 'Change or clear the filters to see more runs.' }
            : {
                emptyDetail:
                  'Every pipeline run is recorded here with its outcome, for everyone using this database. Start one on the Import page.',
              })}
          selected={selected}
          selectable={selected.length < MAX_COMPARE}
          currentRunId={historyValue?.currentRunId ?? null}
          restoredIds={restoredIds}
          openRunId={detail?.runId ?? null}
          onSort={(field) => setQuery(nextSort(query, field))}
          onToggle={(runId) => store.getState().toggleSelected(runId)}
          onOpen={openRun}
        />
      </Paper>
      {total > 0 && (
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed" data-testid="archive-count">
            {shownFrom.toLocaleString()}–{shownTo.toLocaleString()} of {total.toLocaleString()}{' '}
            {total === 1 ? 'run' : 'runs'}
            {selected.length > 0 ? ` · ${selected.length} ticked for comparison (max ${MAX_COMPARE})` : ''}
          </Text>
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={(p) => void store.getState().load(query, p)}
              aria-label="Pages of runs"
              getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
              data-testid="archive-pagination"
            />
          )}
        </Group>
      )}
      <OpenedBundlesPanel />
      <RestoreHistoryPanel
        history={history}
        onOpenRun={openRun}
        onRetry={() => void store.getState().loadHistory()}
      />
      <RunDetailDrawer
        detail={detail}
        restoreBlocked={restoreBlocked}
        onClose={() => store.getState().closeDetail()}
        onOpenRun={openRun}
        onRestore={(d) => {
          void store.getState().loadCurrent();
          setRestoreTarget(d);
        }}
        onRerun={setRerunSource}
      />
      <CompareModal
        compare={compare}
        trendKey={trendKey}
        onTrendKey={setTrendKey}
        onClose={() => store.getState().closeCompare()}
        onRetry={() => void store.getState().openCompare()}
        onOpenRun={openRun}
      />
      <RestoreDialog
        target={restoreTarget}
        current={current}
        blocked={restoreBlocked}
        onClose={() => setRestoreTarget(null)}
        onConfirm={async (reason) => {
          if (!restoreTarget) return null;
          const runId = restoreTarget.run.runId;
          const error = await store.getState().restore(runId, reason);
          if (!error) {
            setRestoreTarget(null);
            notifications.show({
              color: 'grape',
              title: `Run ${shortId(runId)} is the current results again`,
              message: 'Recorded in the restore history. Results now shows its KPIs.',
            });
          }
          return error;
        }}
      />
      <RerunDialog
        source={rerunSource}
        onClose={() => setRerunSource(null)}
        onStart={async (parameters) => {
          if (!rerunSource) return null;
          const started = await store.getState().rerun(rerunSource.run, parameters);
          if (!started.ok) return started.error;
          setRerunSource(null);
          store.getState().closeDetail();
          stores.monitor.getState().showRun(started.run.runId);
          setPage('monitor');
          return null;
        }}
      />
    </>
  );
}
