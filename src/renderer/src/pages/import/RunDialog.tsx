import { ActionIcon, Alert, Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { AppErrorData } from '../../../../shared/contract/errors';
import { IconAlert, IconPlay } from '../../components/icons/icons';

const NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RESERVED = ['run_id', 'input_path', 'requested_by'];

interface Param {
  key: string;
  value: string;
}

/** The problem with one parameter row, or null. */
export function paramProblem(p: Param, all: Param[]): string | null {
  if (p.key === '' && p.value === '') return null;
  if (!NAME_RE.test(p.key)) return 'Letters, digits and _, starting with a letter';
  if (RESERVED.includes(p.key)) return 'Set by the portal';
  if (all.filter((o) => o.key === p.key).length > 1) return 'Given twice';
  return null;
}

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
  const [params, setParams] = useState<Param[]>([]);
  const [error, setError] = useState<AppErrorData | null>(null);
  const problems = params.map((p) => paramProblem(p, params));
  const valid = problems.every((p) => p === null);
  const update = (i: number, patch: Partial<Param>) =>
    setParams(params.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  const submit = async () => {
    setError(null);
    const parameters = Object.fromEntries(params.filter((p) => p.key !== '').map((p) => [p.key, p.value]));
    const failed = await onStart(parameters);
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
          {params.length === 0 && (
            <Text size="sm" c="dimmed">
              None. run_id, input_path and requested_by are passed by the portal.
            </Text>
          )}
          {params.map((p, i) => (
            <Group key={i} align="flex-start" wrap="nowrap" gap="xs">
              <TextInput
                aria-label={`Name of parameter ${i + 1}`}
                placeholder="name"
                value={p.key}
                onChange={(e) => update(i, { key: e.currentTarget.value })}
                error={problems[i]}
                style={{ flex: 1 }}
              />
              <TextInput
                aria-label={`Value of parameter ${i + 1}`}
                placeholder="value"
                value={p.value}
                maxLength={1000}
                onChange={(e) => update(i, { value: e.currentTarget.value })}
                style={{ flex: 2 }}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={`Remove parameter ${i + 1}`}
                onClick={() => setParams(params.filter((_, j) => j !== i))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            w="fit-content"
            disabled={params.length >= 50}
            onClick={() => setParams([...params, { key: '', value: '' }])}
          >
            Add parameter
          </Button>
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
            disabled={!valid}
            onClick={() => void submit()}
          >
            Start run
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
