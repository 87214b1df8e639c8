import {
  Badge,
  Button,
  Group,
  NumberInput,
  Progress,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { CacheList } from '../../../../shared/contract/artifacts';
import { MAX_CACHE_LIMIT_BYTES, MIN_CACHE_LIMIT_BYTES } from '../../../../shared/contract/artifacts-values';
import { OpenBundleButton } from '../../components/bundles/OpenBundleButton';
import { ResourceView } from '../../components/ResourceView';
import { formatWhen } from '../../format/time';
import { useStores } from '../../stores/context';
import { formatBytes as formatSmall } from '../import/workbook-file';

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** "8.8 MB", "2.0 GB": cache sizes run into gigabytes. */
const formatBytes = (bytes: number): string =>
  bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : formatSmall(bytes);

/**
 * Settings → Offline copies: the runs kept on this computer (downloaded, or opened from a bundle), their
 * sizes against the limit, removal per run, and "make the latest N available offline" with progress.
 */
export function OfflineCopies() {
  const { offlineCopies } = useStores();
  const list = useStore(offlineCopies, (s) => s.list);
  useEffect(() => {
    void offlineCopies.getState().load();
    return offlineCopies.getState().connect();
  }, [offlineCopies]);

  return (
    <ResourceView
      resource={list}
      unavailable={(reason) => <Text c="dimmed">{reason}</Text>}
      onRetry={() => void offlineCopies.getState().load()}
      rows={3}
    >
      {(value) => (
        <Stack gap="lg" data-testid="offline-copies">
          {/* keyed by the limit: the field starts again from a limit changed by main */}
          <Usage key={value.limitBytes} list={value} />
          <MakeLatest />
          <CachedRuns list={value} />
        </Stack>
      )}
    </ResourceView>
  );
}

function Usage({ list }: { list: CacheList }) {
  const { offlineCopies } = useStores();
  const [limitMb, setLimitMb] = useState<number | string>(Math.round(list.limitBytes / MB));
  const [saving, setSaving] = useState(false);
  const used = list.limitBytes > 0 ? Math.min(100, (list.totalBytes / list.limitBytes) * 100) : 0;
  const wanted = typeof limitMb === 'number' ? limitMb * MB : Number.NaN;
  const valid = wanted >= MIN_CACHE_LIMIT_BYTES && wanted <= MAX_CACHE_LIMIT_BYTES;

  const save = async () => {
    setSaving(true);
    const r = await offlineCopies.getState().setLimit(wanted);
    setSaving(false);
    if ('error' in r) {
      notifications.show({ color: 'red', title: r.error.message, message: r.error.hint ?? '' });
    } else {
      notifications.show({
        title: `Limit set to ${formatBytes(wanted)}`,
        message: r.evicted.length
          ? `${r.evicted.length} least recently opened run(s) were removed to fit.`
          : 'Every offline copy fits.',
      });
    }
  };

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" data-testid="offline-copies-total">
          {list.runs.length} run{list.runs.length === 1 ? '' : 's'} · {formatBytes(list.totalBytes)} of{' '}
          {formatBytes(list.limitBytes)}
        </Text>
      </Group>
      <Progress
        value={used}
        color={used > 90 ? 'orange' : 'fabric'}
        aria-label={`Offline copies use ${Math.round(used)}% of the limit`}
      />
      <Group align="flex-end" gap="sm">
        <NumberInput
          label="Size limit (MB)"
          description="When the copies grow past it, the least recently opened downloads are removed first. Opened bundles are never removed."
          min={MIN_CACHE_LIMIT_BYTES / MB}
          max={MAX_CACHE_LIMIT_BYTES / MB}
          step={256}
          value={limitMb}
          onChange={setLimitMb}
          error={valid ? undefined : `Between ${MIN_CACHE_LIMIT_BYTES / MB} MB and 4 TB`}
          w={360}
        />
        <Button
          variant="default"
          onClick={() => void save()}
          loading={saving}
          disabled={!valid || wanted === list.limitBytes}
        >
          Save limit
        </Button>
      </Group>
    </Stack>
  );
}

function MakeLatest() {
  const { offlineCopies } = useStores();
  const downloading = useStore(offlineCopies, (s) => s.downloading);
  const progress = useStore(offlineCopies, (s) => s.progress);
  const [n, setN] = useState<number | string>(5);
  const valid = typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 50;
  const entries = Object.entries(progress);
  const done = entries.reduce((a, [, p]) => a + p.bytesDone, 0);
  const total = entries.reduce((a, [, p]) => a + p.bytesTotal, 0);

  const start = async () => {
    const r = await offlineCopies.getState().makeLatest(n as number);
    if ('error' in r)
      notifications.show({ color: 'red', title: r.error.message, message: r.error.hint ?? '' });
    else notifications.show({ title: 'Offline copies updated', message: r.message });
  };

  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm">
        <NumberInput
          label="Latest runs to keep offline"
          min={1}
          max={50}
          value={n}
          onChange={setN}
          error={valid ? undefined : 'A whole number from 1 to 50'}
          w={220}
        />
        <Button onClick={() => void start()} loading={downloading} disabled={!valid}>
          Make available offline
        </Button>
        <OpenBundleButton />
      </Group>
      {downloading && (
        <Stack gap={4} data-testid="offline-copies-progress">
          <Progress
            value={total > 0 ? (done / total) * 100 : 0}
            animated
            aria-label="Download progress of the offline copies"
          />
          <Text size="xs" c="dimmed">
            {entries.length === 0
              ? 'Looking up the latest runs…'
              : `${entries.filter(([, p]) => p.state === 'done').length} of ${entries.length} run(s) · ${formatBytes(done)} of ${formatBytes(total)}`}
          </Text>
        </Stack>
      )}
    </Stack>
  );
}

function CachedRuns({ list }: { list: CacheList }) {
  const { offlineCopies, results } = useStores();
  const removing = useStore(offlineCopies, (s) => s.removing);
  if (list.runs.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="offline-copies-empty">
        No run is kept on this computer yet. Make the latest runs available offline above, use “Make available
        offline” on the Results page, or open a .fdpbundle file.
      </Text>
    );
  }
  const remove = async (runId: string, origin: 'cache' | 'bundle') => {
    const e = await offlineCopies.getState().remove(runId, origin);
    if (e) notifications.show({ color: 'red', title: e.message, message: e.hint ?? '' });
  };
  const runs = [...list.runs].sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''));
  return (
    <Table.ScrollContainer minWidth={640} maxHeight={420}>
      <Table striped highlightOnHover stickyHeader aria-label="Runs kept offline">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Run</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Finished</Table.Th>
            <Table.Th>Last opened</Table.Th>
            <Table.Th ta="right">Size</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((r) => (
            <Table.Tr key={`${r.origin}:${r.runId}`} data-testid="offline-copy-row" data-run-id={r.runId}>
              <Table.Td ff="monospace">{r.runId.slice(0, 8)}</Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Badge variant="light" color={r.origin === 'bundle' ? 'grape' : 'fabric'} tt="none">
                    {r.origin === 'bundle' ? 'From bundle' : 'Downloaded'}
                  </Badge>
                  {r.status === 'failed' && (
                    <Badge variant="light" color="red" tt="none">
                      Failed run
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{r.finishedAt ? formatWhen(r.finishedAt) : '—'}</Table.Td>
              <Table.Td>{r.lastOpenedAt ? formatWhen(r.lastOpenedAt) : 'never'}</Table.Td>
              <Table.Td ta="right">{formatBytes(r.sizeBytes)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => void results.getState().viewRun(r.runId)}
                  aria-label={`Open run ${r.runId.slice(0, 8)} on Results`}
                  data-testid="offline-copy-open"
                >
                  Open
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  loading={removing.includes(r.runId)}
                  onClick={() => void remove(r.runId, r.origin)}
                  aria-label={`Remove the offline copy of run ${r.runId.slice(0, 8)}`}
                >
                  Remove
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
