import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId, useState } from 'react';
import type { Run, RunEvent } from '../../../../shared/contract/runs';
import { usePageStore } from '../../stores/context';
import { cancelBlocker } from './cancel-blocker';
import { useOfflineReason } from '../../components/shell/use-connectivity';

/** Cancel with a confirmation; disabled with the reason shown next to it when the run cannot be cancelled. */
export function CancelRunButton({ run, events }: { run: Run; events: RunEvent[] }) {
  const cancelling = usePageStore('monitor', (s) => s.cancelling);
  const cancel = usePageStore('monitor', (s) => s.cancel);
  const [confirming, setConfirming] = useState(false);
  const reasonId = useId();
  const blocker = useOfflineReason() ?? cancelBlocker(run, events);

  const onConfirm = async () => {
    const error = await cancel(run.runId);
    setConfirming(false);
    if (error) {
      notifications.show({ color: 'red', title: error.message, message: error.hint ?? 'The run goes on.' });
    } else {
      notifications.show({
        title: 'Cancellation requested',
        message: 'Fabric stops the run; its status changes to Cancelled when Fabric confirms.',
      });
    }
  };

  return (
    <>
      <Group gap="sm" wrap="nowrap">
        <Button
          variant="light"
          color="red"
          disabled={blocker !== null}
          loading={cancelling}
          onClick={() => setConfirming(true)}
          aria-describedby={blocker ? reasonId : undefined}
          data-testid="monitor-cancel"
        >
          Cancel run
        </Button>
        {blocker && (
          <Text id={reasonId} size="sm" c="dimmed" data-testid="monitor-cancel-reason">
            {blocker}
          </Text>
        )}
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Cancel this run?" centered>
        <Stack gap="md">
          <Text size="sm">
            Fabric stops the pipeline run of <b>{run.inputName}</b> started by {run.requestedBy}. Results of
            this run are not produced; the current results stay as they are. The run lock is released when
            Fabric confirms.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              Keep running
            </Button>
            <Button color="red" loading={cancelling} onClick={() => void onConfirm()}>
              Cancel the run
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
