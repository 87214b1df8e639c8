import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { AppErrorData } from '../../../../shared/contract/errors';
import { IconAlert } from '../../components/icons/icons';
import { usePageStore } from '../../stores/context';

/** Asks why before freeing the run lock: the reason goes into the audit log beside the old holder. */
export function ForceReleaseModal({
  opened,
  onClose,
  detail,
}: {
  opened: boolean;
  onClose: () => void;
  detail: string;
}) {
  const forceRelease = usePageStore('diagnostics', (s) => s.forceRelease);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const empty = reason.trim() === '';

  const close = (): void => {
    setReason('');
    setError(null);
    onClose();
  };
  const submit = async (): Promise<void> => {
    setBusy(true);
    const e = await forceRelease(reason.trim());
    setBusy(false);
    if (e) setError(e);
    else close();
  };

  return (
    <Modal opened={opened} onClose={close} title="Force release the run lock" centered>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          if (!empty) void submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm">{detail}</Text>
          <Text size="sm" c="dimmed">
            Only release the lock when its holder is gone for good: a run still starting elsewhere would then
            run twice. The release and your reason are written to the audit log.
          </Text>
          <Textarea
            label="Reason"
            description="For example: the holder's laptop crashed during the run"
            placeholder="Why is the lock stuck?"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
            required
            data-autofocus
          />
          {error && (
            <Alert color="red" variant="light" title={error.message} icon={<IconAlert size={18} />}>
              {error.hint}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={busy} disabled={empty}>
              Release the lock
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
