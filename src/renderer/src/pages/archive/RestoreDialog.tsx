import { Alert, Button, Group, Modal, Skeleton, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { RunDetail } from '../../../../shared/contract/archive';
import type { AppErrorData } from '../../../../shared/contract/errors';
import type { Results } from '../../../../shared/contract/runs';
import type { Resource } from '../../stores/resource';
import { compareKpis, deltaTone, type DeltaTone, type KpiBetter } from './archive-compare';
import { formatDelta, formatKpi, shortId } from './archive-format';

export interface RestoreDialogProps {
  target: RunDetail | null;
  current: Resource<Results>;
  /** why restoring is refused right now (a run is active), or null */
  blocked: string | null;
  onClose(): void;
  onConfirm(reason: string): Promise<AppErrorData | null>;
}

/** Confirms a restore, previewing how the current KPIs change; refuses while a run is active. */
export function RestoreDialog(props: RestoreDialogProps) {
  const { target, onClose } = props;
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target ? `Restore run ${shortId(target.run.runId)} as the current results?` : ''}
      size="lg"
      data-testid="archive-restore-dialog"
    >
      {/* keyed by run: another run starts with an empty reason and no old error */}
      {target && <RestoreForm key={target.run.runId} {...props} target={target} />}
    </Modal>
  );
}

function RestoreForm({
  target,
  current,
  blocked,
  onClose,
  onConfirm,
}: RestoreDialogProps & { target: RunDetail }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const failed = await onConfirm(reason);
      if (failed) setError(failed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md">
      <Preview target={target} current={current} />
      {blocked && (
        <Alert
          color="orange"
          variant="light"
          title="Not now: a run is active"
          data-testid="archive-restore-blocked"
        >
          {blocked}
        </Alert>
      )}
      {error && (
        <Alert color="red" variant="light" title={error.message} data-testid="archive-restore-error">
          {error.hint ?? 'Nothing was changed. Try again in a moment.'}
        </Alert>
      )}
      <Textarea
        label="Reason (recorded in the restore history)"
        placeholder="e.g. the March file was re-sent with errors; back to last week's results"
        maxLength={500}
        autosize
        minRows={2}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          color="grape"
          onClick={() => void submit()}
          loading={busy}
          disabled={blocked !== null}
          data-testid="archive-restore-confirm"
        >
          Restore
        </Button>
      </Group>
    </Stack>
  );
}

function Preview({ target, current }: { target: RunDetail; current: Resource<Results> }) {
  if (current.status === 'loading') return <Skeleton height={160} />;
  if (current.status !== 'ready') {
    return (
      <Text size="sm" c="dimmed">
        The current results could not be read (
        {current.status === 'error' ? current.error.message : current.reason}), so the change cannot be
        previewed. Restoring still replaces Files/results/current with this run’s results.
      </Text>
    );
  }
  const now = current.value;
  if (now.runId === target.run.runId) {
    return (
      <Text size="sm" data-testid="archive-restore-same">
        This run’s results are already the current ones; restoring again only records it in the history.
      </Text>
    );
  }
  const rows = compareKpis([now.kpis, target.results.kpis]);
  return (
    <Stack gap="xs">
      <Text size="sm">
        Files/results/current now holds {now.runId ? <b>run {shortId(now.runId)}</b> : 'no results'};
        afterwards it holds <b>run {shortId(target.run.runId)}</b> ({target.run.inputName}). What changes for
        everyone reading the results:
      </Text>
      <Table verticalSpacing={4} data-testid="archive-restore-preview">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>KPI</Table.Th>
            <Table.Th ta="right">Now</Table.Th>
            <Table.Th ta="right">After restore</Table.Th>
            <Table.Th ta="right">Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} fw={r.differs ? 600 : undefined} data-differs={r.differs}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td ta="right">{formatKpi(r.values[0] ?? null, r.format)}</Table.Td>
              <Table.Td ta="right">{formatKpi(r.values[1] ?? null, r.format)}</Table.Td>
              <Table.Td ta="right" c={deltaColor(r.deltas[1]?.abs, r.better)}>
                {formatDelta(r.deltas[1] ?? null, r.format)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

const TONE_COLOR: Record<DeltaTone, string> = { good: 'teal', bad: 'red', neutral: 'blue', none: 'dimmed' };

/** The colour of a KPI difference: good news teal, bad news red (more rejected rows is bad). */
export const deltaColor = (abs: number | undefined, better: KpiBetter): string =>
  TONE_COLOR[deltaTone(abs, better)];
