import { Alert, Button, Group, Paper, Progress, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { TableFilter } from '../../../../../shared/contract/artifacts';
import { useAppStore, usePageStore } from '../../../stores/context';
import { parseColumnFilter } from './column-filter';
import './data-grid.css';
import { columnWidth, FILTER_H, HEAD_H, ROW_H } from './grid-layout';
import { GridHead } from './GridHead';
import { GridRow } from './GridRow';
import {
  FILTERS_PREF,
  filtersFromPref,
  filtersToPref,
  nextSort,
  SORT_PREF,
  sortFromPref,
  sortToPref,
} from './grid-prefs';

const VIEW_H = 480;
const FILTER_DEBOUNCE_MS = 300;

/**
 * The cleaned rows of the current run: only the rows on screen are in the DOM and only their pages are
 * fetched from main, which sorts and filters the whole table — so a million rows scroll like a hundred.
 */
export function DataGrid() {
  const grid = usePageStore('results', (s) => s.grid);
  const snap = useSyncExternalStore(grid.subscribe, grid.getSnapshot);
  const prefs = useAppStore((s) => s.prefs.results);
  const setPref = useAppStore((s) => s.setPref);
  const scroller = useRef<HTMLDivElement>(null);

  const [texts, setTexts] = useState<Record<string, string>>(() => filtersFromPref(prefs?.[FILTERS_PREF]));
  const [sort] = useState(() => sortFromPref(prefs?.[SORT_PREF]));

  // Remembered sort and filters apply from the first page on.
  useEffect(() => {
    const initial = grid.getSnapshot().query;
    if (initial.sort.length === 0 && initial.filters.length === 0) {
      grid.setQuery({ sort, filters: [] });
    }
    // once, on mount
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const types = useMemo(() => new Map(snap.columns.map((c) => [c.name, c.type])), [snap.columns]);
  const parsed = useMemo(() => {
    const filters: TableFilter[] = [];
    const errors: Record<string, string> = {};
    for (const [column, text] of Object.entries(texts)) {
      const type = types.get(column);
      if (!type) continue;
      const r = parseColumnFilter(column, type, text);
      if (!r.ok) errors[column] = r.message;
      else if (r.filter) filters.push(r.filter);
    }
    return { filters, errors };
  }, [texts, types]);

  // Typing is debounced: main filters the whole table once the analyst pauses. The texts are remembered
  // even when the query does not change (cleared before the last one applied, or not valid yet).
  const filtersKey = JSON.stringify(parsed.filters);
  const textsPref = filtersToPref(texts);
  const storedPref = prefs?.[FILTERS_PREF] ?? null;
  useEffect(() => {
    if (snap.columns.length === 0) return;
    const timer = setTimeout(() => {
      if (JSON.stringify(grid.getSnapshot().query.filters) !== filtersKey) {
        grid.setQuery({ sort: grid.getSnapshot().query.sort, filters: parsed.filters });
      }
      if (textsPref !== storedPref) setPref('results', FILTERS_PREF, textsPref);
    }, FILTER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // parsed.filters is represented by filtersKey
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filtersKey, textsPref, storedPref, grid, snap.columns.length]);

  const total = snap.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- nothing memoized relies on the virtualizer
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_H,
    overscan: 12,
    scrollMargin: HEAD_H + FILTER_H,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => grid.want(first, last), [grid, first, last, snap.query, snap.total]);

  const columns = snap.columns;
  const rowWidth = columns.reduce((s, c) => s + columnWidth(c.type), 0);
  // Stable callbacks keep the memoized header from re-rendering on every scroll.
  const onSort = useCallback(
    (column: string) => {
      const { sort: current, filters } = grid.getSnapshot().query;
      const next = nextSort(current, column);
      grid.setQuery({ sort: next, filters });
      setPref('results', SORT_PREF, sortToPref(next));
      scroller.current?.scrollTo({ top: 0 });
    },
    [grid, setPref],
  );
  const onFilterText = useCallback((column: string, value: string) => {
    setTexts((t) => ({ ...t, [column]: value }));
  }, []);
  const activeFilters = snap.query.filters.length;

  return (
    <Paper p="lg" component="section" aria-labelledby="results-grid-title" data-testid="results-grid">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="results-grid-title">
          Cleaned rows
        </Title>
        <Group gap="sm">
          {activeFilters > 0 && (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => {
                setTexts({});
              }}
            >
              Clear filters
            </Button>
          )}
          <Text size="sm" c="dimmed" data-testid="grid-count" aria-live="polite">
            {snap.total === null
              ? snap.pending
                ? 'Loading rows…'
                : ''
              : `${snap.total.toLocaleString('en-US')} of ${(snap.unfilteredTotal ?? snap.total).toLocaleString('en-US')} rows`}
          </Text>
        </Group>
      </Group>
      {snap.pending && snap.reading && (snap.query.sort.length > 0 || activeFilters > 0) && (
        <ReadingProgress {...snap.reading} />
      )}
      {snap.error && (
        <Alert color="red" mb="sm" title="Rows could not be read" data-testid="grid-error">
          <Text size="sm">{snap.error.message}</Text>
          {snap.error.hint && (
            <Text size="xs" c="dimmed">
              {snap.error.hint}
            </Text>
          )}
          <Button size="xs" mt="xs" variant="light" onClick={() => grid.retry()}>
            Try again
          </Button>
        </Alert>
      )}
      {errorsSummary(parsed.errors)}
      <div
        ref={scroller}
        className="results-grid"
        role="grid"
        aria-labelledby="results-grid-title"
        aria-rowcount={total + 2}
        aria-colcount={columns.length}
        aria-busy={snap.pending}
        data-testid="grid-scroller"
        tabIndex={0}
        style={{ height: VIEW_H, overflow: 'auto', position: 'relative', contain: 'strict' }}
      >
        <GridHead
          columns={columns}
          sort={snap.query.sort}
          texts={texts}
          errors={parsed.errors}
          width={rowWidth}
          onSort={onSort}
          onFilterText={onFilterText}
        />
        <div style={{ height: virtualizer.getTotalSize(), width: rowWidth, position: 'relative' }}>
          {items.map((item) => (
            <GridRow
              key={item.key}
              index={item.index}
              row={grid.row(item.index)}
              columns={columns}
              top={item.start - HEAD_H - FILTER_H}
              width={rowWidth}
            />
          ))}
        </div>
        {snap.total === 0 && !snap.pending && (
          <Text c="dimmed" ta="center" py="xl" data-testid="grid-empty">
            No rows match the filters.
          </Text>
        )}
      </div>
    </Paper>
  );
}

/** A sort or filter waits until main has read the whole table: how far it is, so the wait is not a mystery. */
function ReadingProgress({ rowsDone, rowsTotal }: { rowsDone: number; rowsTotal: number }) {
  const pct = rowsTotal > 0 ? Math.floor((100 * rowsDone) / rowsTotal) : 0;
  const label = `Reading all ${rowsTotal.toLocaleString('en-US')} rows to sort and filter: ${rowsDone.toLocaleString('en-US')} so far (${pct} %)`;
  return (
    <div data-testid="grid-reading" data-rows-done={rowsDone}>
      <Text size="xs" c="dimmed" mb={4}>
        {label}
      </Text>
      <Progress value={pct} size="sm" mb="sm" aria-label={label} transitionDuration={200} />
    </div>
  );
}

function errorsSummary(errors: Record<string, string>) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <Text size="xs" c="red" px="xs" py={4} data-testid="filter-error" mb={4}>
      {entries.map(([column, message]) => `${column}: ${message}`).join(' ')}
    </Text>
  );
}
