import { Alert, Box, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { FileButton } from '@mantine/core';
import { useState, type DragEvent } from 'react';
import { IconAlert, IconImport } from '../../components/icons/icons';
import { usePageStore } from '../../stores/context';
import type { PickedFile, UploadState } from '../../stores/import';
import { formatBytes } from './workbook-file';

/** The upload button, the drop target and the progress of the upload under way. */
export function UploadZone() {
  const upload = usePageStore('import', (s) => s.upload);
  const uploadFile = usePageStore('import', (s) => s.uploadFile);
  const cancelUpload = usePageStore('import', (s) => s.cancelUpload);
  const dismissUpload = usePageStore('import', (s) => s.dismissUpload);
  const [dragging, setDragging] = useState(false);
  const [replaceAsk, setReplaceAsk] = useState<PickedFile | null>(null);

  const busy = upload !== null && ['checking', 'sending', 'writing'].includes(upload.phase);
  const start = async (file: PickedFile | null, replace = false) => {
    if (!file) return;
    const outcome = await uploadFile(file, { replace });
    if (!outcome.ok && outcome.exists) setReplaceAsk(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !busy) void start(file);
  };

  return (
    <Box
      data-testid="upload-zone"
      data-dragging={dragging}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      p="md"
      mb="md"
      style={{
        border: `2px dashed ${dragging ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
        borderRadius: 'var(--mantine-radius-md)',
        background: dragging ? 'var(--mantine-primary-color-light)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <IconImport size={22} aria-hidden />
          <div>
            <Text fw={500}>Drop an Excel workbook here</Text>
            <Text size="sm" c="dimmed">
              .xlsx up to 100 MB; it is written to Files/import of the lakehouse.
            </Text>
          </div>
        </Group>
        <FileButton
          onChange={(f) => void start(f)}
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy}
          inputProps={{ 'aria-label': 'Workbook file to upload', 'data-testid': 'upload-input' } as object}
        >
          {(props) => (
            <Button {...props} leftSection={<IconImport size={16} />} disabled={busy}>
              Upload workbook
            </Button>
          )}
        </FileButton>
      </Group>
      {upload !== null && (
        <UploadProgress upload={upload} onCancel={() => void cancelUpload()} onDismiss={dismissUpload} />
      )}
      <Modal
        opened={replaceAsk !== null}
        onClose={() => setReplaceAsk(null)}
        title="Replace the workbook?"
        centered
      >
        <Stack>
          <Text size="sm">
            A workbook named <b>{replaceAsk?.name}</b> is already in Files/import. Replacing it changes what
            the next run on it reads; runs that already ran keep their own snapshot.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReplaceAsk(null)}>
              Keep the existing one
            </Button>
            <Button
              color="orange"
              onClick={() => {
                const file = replaceAsk;
                setReplaceAsk(null);
                void start(file, true);
              }}
            >
              Replace
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Box>
  );
}

const PHASE_LABEL: Record<UploadState['phase'], string> = {
  checking: 'Checking',
  sending: 'Sending to the portal',
  writing: 'Writing to OneLake',
  done: 'Uploaded',
  failed: 'Not uploaded',
};

function UploadProgress({
  upload,
  onCancel,
  onDismiss,
}: {
  upload: UploadState;
  onCancel: () => void;
  onDismiss: () => void;
}) {
  if (upload.phase === 'failed' && upload.error) {
    return (
      <Alert
        mt="md"
        color="red"
        variant="light"
        icon={<IconAlert size={18} />}
        title={upload.error.message}
        data-testid="upload-error"
        withCloseButton
        closeButtonLabel="Dismiss"
        onClose={onDismiss}
      >
        {upload.error.hint ?? 'Nothing was written to the lakehouse.'}
      </Alert>
    );
  }
  // Sending and writing are both half of the way: the bar never runs back from 100 to 0.
  const part = upload.totalBytes === 0 ? 0 : upload.loadedBytes / upload.totalBytes;
  const value =
    upload.phase === 'done'
      ? 100
      : upload.phase === 'writing'
        ? 50 + part * 50
        : upload.phase === 'sending'
          ? part * 50
          : 0;
  const running = upload.phase !== 'done';
  return (
    <Stack gap={4} mt="md" data-testid="upload-progress" data-phase={upload.phase}>
      <Group justify="space-between">
        <Text size="sm">
          {PHASE_LABEL[upload.phase]} · {upload.name} ({formatBytes(upload.totalBytes)})
        </Text>
        {running ? (
          <Button size="compact-xs" variant="subtle" onClick={onCancel} disabled={upload.phase === 'writing'}>
            Cancel upload
          </Button>
        ) : (
          <Button size="compact-xs" variant="subtle" onClick={onDismiss}>
            Dismiss
          </Button>
        )}
      </Group>
      <Progress
        value={value}
        animated={running}
        color={running ? undefined : 'green'}
        aria-label={`Upload of ${upload.name}`}
      />
    </Stack>
  );
}
