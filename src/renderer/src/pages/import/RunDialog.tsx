import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { AppErrorData } from '../../../../shared/contract/errors';
import { IconAlert, IconPlay } from '../../components/icons/icons';
import { ParameterEditor } from '../../components/ParameterEditor';
import { parameterProblems, toParameters, type ParamRow } from '../../components/ParameterEditorRows';

/** Confirms a run: the input, who requests it and the parameters, which may be edited here. */
export function RunDialog({
  opened,
  inputPath,
  requestedBy,
  starting,
  onClose,
  onStart,
}: {
  opened: boolean;
  inputPath: string;
  requestedBy: string;
  starting: boolean;
  onClose: () => void;
  onStart: (parameters: Record<string, string>) => Promise<AppErrorData | null>;
}) {
  const [params, setParams] = useState<ParamRow[]>([]);
  const [error, setError] = useState<AppErrorData | null>(null);
  const problems = parameterProblems(params);

  const submit = async () => {
    setError(null);
    const failed = await onStart(toParameters(params));
    if (failed) setError(failed);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Start a pipeline run" size="lg" centered>
      <Stack gap="md" data-testid="run-dialog">
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Input
          </Text>
          <Code data-testid="run-dialog-input">{inputPath}</Code>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Requested by
          </Text>
          <Text size="sm" data-testid="run-dialog-requested-by">
            {requestedBy}
          </Text>
        </Stack>
        <Stack gap="xs">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Run parameters
          </Text>
          <ParameterEditor
            rows={params}
            problems={problems}
            onChange={setParams}
            emptyText="None. run_id, input_path and requested_by are passed by the portal."
          />
        </Stack>
        {error && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlert size={18} />}
            title={error.message}
            data-testid="run-dialog-error"
          >
            {error.hint ?? 'No run was started.'}
          </Alert>
        )}
        {starting && (
          <Text size="sm" c="dimmed" data-testid="run-dialog-starting">
            Checking the workbook, taking the run lock and asking Fabric to start the pipeline. This can take
            a minute.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            leftSection={<IconPlay size={16} />}
            loading={starting}
            disabled={!problems.ok}
            onClick={() => void submit()}
          >
            Start run
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
