import { Alert, Button, Group, Paper, Progress, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { getPortal } from '../../portal';
import { useAppStore, usePageStore } from '../../stores/context';
import { ArtifactSaves, type FileSave } from './artifact-saves';

const bytes = (n: number): string =>
  n < 1024
    ? `${n} B`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KB`
      : n < 1024 ** 3
        ? `${(n / 1024 ** 2).toFixed(1)} MB`
        : `${(n / 1024 ** 3).toFixed(2)} GB`;

/** The run's files with their sizes, the offline copy's state and the ways to take the run elsewhere. */
export function ArtifactsPanel() {
  const offline = usePageStore('results', (s) => s.offline);
  const exported = usePageStore('results', (s) => s.exported);
  const exportError = usePageStore('results', (s) => s.exportError);
  const makeAvailable = usePageStore('results', (s) => s.makeAvailableOffline);
  const exportBundle = usePageStore('results', (s) => s.exportBundle);
  const host = useAppStore((s) => (s.info.status === 'ready' ? s.info.value.host : null));
  const [saves] = useState(() => new ArtifactSaves(getPortal()));
  const saving = useSyncExternalStore(saves.subscribe, saves.getSnapshot);
  const runId = offline.status === 'ready' ? offline.summary.runId : null;
  useEffect(() => saves.connect(), [saves]);
  useEffect(() => saves.setRun(runId), [saves, runId]);
  const inBrowser = host === 'preview';
  const failed = Object.entries(saving.files).filter(
    (e): e is [string, FileSave & { error: NonNullable<FileSave['error']> }] =>
      e[1].state === 'failed' && e[1].error !== null,
  );

  return (
    <Paper p="lg" component="section" aria-labelledby="results-artifacts-title" data-testid="artifacts-panel">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="results-artifacts-title">
          Artifacts
        </Title>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            onClick={() => void makeAvailable()}
            loading={offline.status === 'downloading'}
            data-testid="make-offline"
          >
            {offline.status === 'ready' ? 'Check offline copy' : 'Make available offline'}
          </Button>
          {!inBrowser && (
            <Button
              size="xs"
              variant="default"
              onClick={() => runId && void saves.save(runId)}
              disabled={runId === null}
              data-testid="save-to-folder"
            >
              Save to folder…
            </Button>
          )}
          <Button
            size="xs"
            variant="default"
            onClick={() => void exportBundle()}
            disabled={offline.status !== 'ready'}
            data-testid="export-bundle"
          >
            Export run bundle
          </Button>
        </Group>
      </Group>

      {offline.status === 'downloading' && (
        <div data-testid="download-progress">
          <Text size="sm" mb={4}>
            Downloading to the offline cache…{' '}
            {offline.bytesTotal > 0 && `${bytes(offline.bytesDone)} of ${bytes(offline.bytesTotal)}`}
          </Text>
          <Progress
            value={offline.bytesTotal > 0 ? (100 * offline.bytesDone) / offline.bytesTotal : 0}
            animated={offline.bytesTotal === 0}
            aria-label="Download progress"
          />
        </div>
      )}

      {offline.status === 'error' && (
        <Text size="sm" c="red" data-testid="artifacts-error">
          No offline copy can be used:{' '}
          {offline.error.code === 'INPUT_INVALID' ? 'it is damaged (see above).' : offline.error.message}
        </Text>
      )}

      {offline.status === 'ready' && (
        <>
          <Text size="sm" c="dimmed" mb="xs" data-testid="offline-state">
            Available offline: {offline.summary.files.length} files,{' '}
            {bytes(offline.summary.files.reduce((s, f) => s + f.size, 0))}, checked against their sha256.
          </Text>
          <Table data-testid="artifact-files" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{inBrowser ? 'Download' : 'Save'}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {offline.summary.files.map((f) => (
                <Table.Tr key={f.name}>
                  <Table.Td ff="monospace" fz="sm" style={{ wordBreak: 'break-all' }}>
                    {f.name}
                    <SaveState name={f.name} save={saving.files[f.name]} />
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" fz="sm" style={{ whiteSpace: 'nowrap' }}>
                    {bytes(f.size)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => runId && void saves.save(runId, [f.name])}
                      disabled={saving.files[f.name]?.state === 'saving'}
                      aria-label={inBrowser ? `Download ${f.name}` : `Save ${f.name} to a folder`}
                      data-testid={`save-${f.name}`}
                    >
                      {inBrowser ? 'Download' : 'Save…'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}

      {saving.saved && (
        <Alert color="teal" mt="sm" title="Files saved" data-testid="save-done">
          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {saving.saved.folder}
          </Text>
          <Text size="xs" c="dimmed">
            {saving.saved.files.map((f) => f.savedAs).join(', ')}
          </Text>
        </Alert>
      )}
      {(saving.error || failed.length > 0) && (
        <Alert color="red" mt="sm" title="The files could not be saved" data-testid="save-error">
          {saving.error && (
            <>
              <Text size="sm">{saving.error.message}</Text>
              {saving.error.hint && <Text size="xs">{saving.error.hint}</Text>}
            </>
          )}
          {failed.map(([name, f]) => (
            <div key={name}>
              <Text size="sm">{f.error.message}</Text>
              {f.error.hint && <Text size="xs">{f.error.hint}</Text>}
            </div>
          ))}
          <Button size="xs" mt="xs" variant="light" onClick={() => void makeAvailable()}>
            Check offline copy
          </Button>
        </Alert>
      )}
      {exported && (
        <Alert color="teal" mt="sm" title="Run bundle written" data-testid="export-done">
          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {exported.path}
          </Text>
          <Text size="xs" c="dimmed">
            {bytes(exported.bytes)}
            {host === 'preview' &&
              ' · In the browser preview, bundles are written into the exports folder of the host’s data folder (no save dialog).'}
          </Text>
        </Alert>
      )}
      {exportError && (
        <Alert color="red" mt="sm" title="The bundle could not be written" data-testid="export-error">
          {exportError.message}
          {exportError.hint && <Text size="xs">{exportError.hint}</Text>}
        </Alert>
      )}
    </Paper>
  );
}

/** A file's save progress (bytes main has copied or sent) and outcome, under its name. */
function SaveState({ name, save }: { name: string; save: FileSave | undefined }) {
  if (!save) return null;
  const label = save.state === 'done' ? 'Saved' : save.state === 'failed' ? 'Failed' : 'Saving';
  return (
    <Group gap={6} wrap="nowrap" mt={2} ff="body">
      <Progress
        size="sm"
        style={{ flex: 1 }}
        value={
          save.bytesTotal > 0 ? (100 * save.bytesDone) / save.bytesTotal : save.state === 'done' ? 100 : 0
        }
        color={save.state === 'failed' ? 'red' : save.state === 'done' ? 'teal' : undefined}
        animated={save.state === 'saving'}
        aria-label={`${name}: ${label.toLowerCase()}`}
        data-testid={`save-progress-${name}`}
        data-state={save.state}
      />
      <Text size="xs" c={save.state === 'failed' ? 'red' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
        {save.state === 'saving' ? `${bytes(save.bytesDone)} of ${bytes(save.bytesTotal)}` : label}
      </Text>
    </Group>
  );
}
