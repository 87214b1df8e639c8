import { Badge, Button, Group, ScrollArea, Select, Switch, Table, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import type { RunEvent } from '../../../../shared/contract/runs';
import { useAppStore } from '../../stores/context';
import { eventKinds, filterEvents, isProblemEvent, kindLabel, type EventFilter } from './event-filter';

const PREF_KIND = 'events.kind';
const PREF_TEXT = 'events.text';
const PREF_ERRORS = 'events.errorsOnly';

/** The event filter, remembered across restarts in the page's UI-state prefs. */
function useEventFilter(): [EventFilter, (patch: Partial<EventFilter>) => void] {
  const prefs = useAppStore((s) => s.prefs.monitor);
  const setPref = useAppStore((s) => s.setPref);
  const filter: EventFilter = {
    kind: prefs?.[PREF_KIND] ?? 'all',
    text: prefs?.[PREF_TEXT] ?? '',
    errorsOnly: prefs?.[PREF_ERRORS] === 'true',
  };
  const update = (patch: Partial<EventFilter>) => {
    if (patch.kind !== undefined) setPref('monitor', PREF_KIND, patch.kind === 'all' ? null : patch.kind);
    if (patch.text !== undefined)
      setPref('monitor', PREF_TEXT, patch.text === '' ? null : patch.text.slice(0, 200));
    if (patch.errorsOnly !== undefined) setPref('monitor', PREF_ERRORS, patch.errorsOnly ? 'true' : null);
  };
  return [filter, update];
}

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Every audit event of the run, newest last as they arrive, filterable by kind, text and problems. */
export function EventLog({ events }: { events: RunEvent[] }) {
  const [filter, update] = useEventFilter();
  const kinds = useMemo(() => eventKinds(events), [events]);
  const shown = useMemo(() => filterEvents(events, filter), [events, filter]);
  const kindData = [
    { value: 'all', label: 'All kinds' },
    ...[...new Set([...kinds, ...(filter.kind === 'all' ? [] : [filter.kind])])].map((k) => ({
      value: k,
      label: kindLabel(k),
    })),
  ];
  const filtered = filter.kind !== 'all' || filter.text !== '' || filter.errorsOnly;

  return (
    <>
      <Group gap="sm" mb="sm" align="flex-end" wrap="wrap">
        <Select
          label="Kind"
          data={kindData}
          value={filter.kind}
          onChange={(v) => update({ kind: v ?? 'all' })}
          allowDeselect={false}
          w={200}
          size="sm"
          data-testid="monitor-events-kind"
        />
        <TextInput
          label="Search events"
          placeholder="Text in message, actor, status"
          value={filter.text}
          onChange={(e) => update({ text: e.currentTarget.value })}
          w={260}
          size="sm"
          data-testid="monitor-events-text"
        />
        <Switch
          label="Problems only"
          checked={filter.errorsOnly}
          onChange={(e) => update({ errorsOnly: e.currentTarget.checked })}
          mb={6}
          data-testid="monitor-events-errors"
        />
        <Text size="sm" c="dimmed" mb={6} aria-live="polite" data-testid="monitor-events-count">
          {filtered ? `${shown.length} of ${events.length} events` : `${events.length} events`}
        </Text>
      </Group>
      {shown.length === 0 ? (
        <Group gap="sm" py="md" data-testid="monitor-events-empty">
          <Text size="sm" c="dimmed">
            {events.length === 0 ? 'No events recorded for this run yet.' : 'No event matches the filter.'}
          </Text>
          {filtered && (
            <Button
              size="xs"
              variant="default"
              onClick={() => update({ kind: 'all', text: '', errorsOnly: false })}
            >
              Clear filters
            </Button>
          )}
        </Group>
      ) : (
        <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
          <Table striped highlightOnHover stickyHeader layout="fixed" data-testid="monitor-events" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={120}>Time</Table.Th>
                <Table.Th w={220}>Event</Table.Th>
                <Table.Th>Message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((e) => (
                <Table.Tr key={e.id} data-kind={e.kind} data-problem={isProblemEvent(e) || undefined}>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {time(e.at)}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={isProblemEvent(e) ? 'red' : 'gray'}
                      tt="none"
                      radius="sm"
                      maw="100%"
                    >
                      {e.toStatus ? `${e.fromStatus ?? '–'} → ${e.toStatus}` : kindLabel(e.kind)}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm">{e.message ?? kindLabel(e.kind)}</Text>
                    <Text size="xs" c="dimmed">
                      {e.actor} · {e.host}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </>
  );
}
