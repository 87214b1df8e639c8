import { Button, Group, SegmentedControl, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import {
  ARCHIVE_STATUS_FILTERS,
  DEFAULT_QUERY,
  hasFilters,
  type ArchiveQuery,
  type ArchiveStatusFilter,
} from './archive-query';

export const FILTER_LABEL: Record<ArchiveStatusFilter, string> = {
  all: 'All',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  active: 'Active',
};

type TextKey = 'text' | 'requestedBy' | 'inputName';

/** Status, date range and text filters. Text is applied after a short pause in typing, not per key. */
export function ArchiveFilters({
  query,
  onChange,
}: {
  query: ArchiveQuery;
  onChange: (patch: Partial<ArchiveQuery>) => void;
}) {
  const text = (key: TextKey, label: string, placeholder: string, width: number) => (
    <DebouncedTextInput
      label={label}
      placeholder={placeholder}
      value={query[key]}
      w={width}
      maxLength={key === 'text' ? 200 : 320}
      onCommit={(value) => onChange({ [key]: value })}
      data-testid={`archive-filter-${key}`}
    />
  );

  return (
    <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
      <SegmentedControl
        aria-label="Show runs with status"
        data-testid="archive-filter"
        value={query.status}
        onChange={(v) => onChange({ status: v as ArchiveStatusFilter })}
        data={ARCHIVE_STATUS_FILTERS.map((f) => ({ value: f, label: FILTER_LABEL[f] }))}
      />
      {text('text', 'Search', 'Run id, workbook, person, error…', 240)}
      {text('requestedBy', 'Started by', 'Name', 150)}
      {text('inputName', 'Workbook', 'File name', 170)}
      <TextInput
        type="date"
        label="From"
        value={query.from}
        max={query.to || undefined}
        onChange={(e) => onChange({ from: e.currentTarget.value })}
        data-testid="archive-filter-from"
        w={150}
      />
      <TextInput
        type="date"
        label="To"
        value={query.to}
        min={query.from || undefined}
        onChange={(e) => onChange({ to: e.currentTarget.value })}
        data-testid="archive-filter-to"
        w={150}
      />
      {hasFilters(query) && (
        <Button
          variant="subtle"
          onClick={() =>
            onChange({
              status: DEFAULT_QUERY.status,
              from: '',
              to: '',
              text: '',
              requestedBy: '',
              inputName: '',
            })
          }
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
}

/** A text filter applied after a short pause in typing, so main is not asked once per key. */
function DebouncedTextInput({
  value,
  onCommit,
  ...props
}: {
  value: string;
  onCommit(value: string): void;
  label: string;
  placeholder: string;
  w: number;
  maxLength: number;
  'data-testid': string;
}) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  // Follows outside changes ("Clear filters", another window) without an effect.
  if (value !== seen) {
    setSeen(value);
    setDraft(value);
  }
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onCommit(draft), 350);
    return () => clearTimeout(timer);
  }, [draft, value, onCommit]);
  return <TextInput {...props} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} />;
}
