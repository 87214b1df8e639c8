import { Alert, Box, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { FileButton } from '@mantine/core';
import { useState, type DragEvent, type ReactNode } from 'react';
import { IconAlert, IconImport } from '../../components/icons/icons';
import { usePageStore } from '../../stores/context';
import type { PickedFile, UploadState } from '../../stores/import';
import { formatBytes } from './workbook-file';

/**
 * Makes its content a drop target for workbooks and hands it the upload button; shows the progress of the
 * upload under way and asks before replacing a workbook of the same name.
 */
export function UploadArea({ children }: { children: (uploadButton: ReactNode) => ReactNode }) {
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

  const button = (
    <FileButton
      onChange={(f) => void start(f)}
      accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      disabled={busy}
      inputProps={{ 'aria-label': 'Workbook file to upload', 'data-testid': 'upload-input' } as object}
    >
      {(props) => (
        <Button {...props} size="xs" leftSection={<IconImport size={14} />} disabled={busy}>
          Upload workbook
        </Button>
      )}
    </FileButton>
  );

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
      pos="relative"
    >
      {children(button)}
      {dragging && (
        <Box
          pos="absolute"
          inset={-8}
          style={{
            border: '2px dashed var(--mantine-primary-color-filled)',
            borderRadius: 'var(--mantine-radius-md)',
            background: 'color-mix(in srgb, var(--mantine-primary-color-light) 85%, transparent)',
            display: 'grid',
            placeItems: 'center',
            pointerEvents: 'none',
          }}
        >
          <Text fw={600}>Drop the workbook to upload it to Files/import</Text>
        </Box>
      )}
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
