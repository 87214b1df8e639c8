import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { RunDetail } from '../../../../shared/contract/archive';
import type { AppErrorData } from '../../../../shared/contract/errors';
import { shortId } from './archive-format';
import { ParameterEditor } from '../../components/ParameterEditor';
import { parameterProblems, toParameters, toRows, type ParamRow } from '../../components/ParameterEditorRows';

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
  const [rows, setRows] = useState<ParamRow[]>(() => toRows(source.run.parameters));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const problems = parameterProblems(rows);

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
        <ParameterEditor
          rows={rows}
          problems={problems}
          onChange={setRows}
          emptyText="No extra parameters."
        />
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
