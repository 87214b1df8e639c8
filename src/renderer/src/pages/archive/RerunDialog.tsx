import { ActionIcon, Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { RunDetail } from '../../../../shared/contract/archive';
import type { AppErrorData } from '../../../../shared/contract/errors';
import { shortId } from './archive-format';
import { parameterErrors, toParameters, type ParamRow } from './rerun-parameters';

export interface RerunDialogProps {
  source: RunDetail | null;
  onClose(): void;
  /** starts the run; resolves with the error to show, or null once started */
  onStart(parameters: Record<string, string>): Promise<AppErrorData | null>;
}

/** Re-runs a past run's workbook with its parameters, which can be edited first. */
export function RerunDialog(props: RerunDialogProps) {
  const { source, onClose } = props;
  return (
    <Modal
      opened={source !== null}
      onClose={onClose}
      title={source ? `Re-run ${source.run.inputName}` : ''}
      size="lg"
      data-testid="archive-rerun-dialog"
    >
      {/* keyed by run: the form starts from that run's parameters */}
      {source && <RerunForm key={source.run.runId} {...props} source={source} />}
    </Modal>
  );
}

function RerunForm({ source, onClose, onStart }: RerunDialogProps & { source: RunDetail }) {
  const [rows, setRows] = useState<ParamRow[]>(() =>
    Object.entries(source.run.parameters).map(([name, value]) => ({ name, value })),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const problems = parameterErrors(rows);
  const update = (i: number, patch: Partial<ParamRow>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const failed = await onStart(toParameters(rows));
      if (failed) setError(failed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md">
      <Text size="sm">
        Starts a new run on <b>{source.run.inputPath}</b> with the parameters of run{' '}
        {shortId(source.run.runId)}. The workbook is read again now: if it changed since, the new content is
        used and the run’s fingerprint (sha256) will show it.
      </Text>
      <Stack gap="xs">
        <Text fw={500} size="sm">
          Parameters
        </Text>
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            No extra parameters.
          </Text>
        )}
        {rows.map((r, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              aria-label={`Name of parameter ${i + 1}`}
              placeholder="name"
              value={r.name}
              maxLength={64}
              error={problems.rows[i]?.name}
              onChange={(e) => update(i, { name: e.currentTarget.value })}
              w={200}
            />
            <TextInput
              aria-label={`Value of parameter ${i + 1}`}
              placeholder="value"
              value={r.value}
              maxLength={1000}
              onChange={(e) => update(i, { value: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Remove parameter ${r.name || i + 1}`}
              onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="subtle"
            size="xs"
            onClick={() => setRows((rs) => [...rs, { name: '', value: '' }])}
            disabled={rows.length >= 50}
          >
            Add parameter
          </Button>
        </Group>
        {problems.general && (
          <Text size="sm" c="red">
            {problems.general}
          </Text>
        )}
      </Stack>
      {error && (
        <Alert color="red" variant="light" title={error.message} data-testid="archive-rerun-error">
          {error.hint ?? 'Nothing was started. Try again in a moment.'}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          onClick={() => void submit()}
          loading={busy}
          disabled={!problems.ok}
          data-testid="archive-rerun-start"
        >
          Start run and open Monitor
        </Button>
      </Group>
    </Stack>
  );
}
