import { Badge, Button, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { AppErrorData } from '../../../../shared/contract/errors';
import { useStores } from '../../stores/context';
import { formatBytes } from './archive-format';

/**
 * "Make available offline" for the run shown in the Archive's detail: downloads its artifacts into the local
 * cache with a progress bar, or says it is already on this computer and how big it is.
 */
export function MakeOfflineButton({
  runId,
  disabledReason,
}: {
  runId: string;
  disabledReason: string | null;
}) {
  const { offlineCopies } = useStores();
  const list = useStore(offlineCopies, (s) => s.list);
  const fetching = useStore(offlineCopies, (s) => s.fetching.includes(runId));
  const progress = useStore(offlineCopies, (s) => s.progress[runId]);
  const [error, setError] = useState<AppErrorData | null>(null);

  useEffect(() => {
    if (offlineCopies.getState().list.status !== 'ready') void offlineCopies.getState().load();
    return offlineCopies.getState().connect();
  }, [offlineCopies]);

  const cached =
    list.status === 'ready'
      ? list.value.runs.find((r) => r.runId === runId && r.origin === 'cache')
      : undefined;
  if (cached) {
    return (
      <Badge color="teal" variant="light" data-testid="archive-offline-ready">
        Available offline · {formatBytes(cached.sizeBytes)}
      </Badge>
    );
  }
  const pct =
    progress && progress.bytesTotal > 0 ? Math.round((progress.bytesDone / progress.bytesTotal) * 100) : 0;
  return (
    <Stack gap={4} miw={180}>
      <Button
        variant="default"
        loading={fetching}
        disabled={disabledReason !== null}
        title={disabledReason ?? undefined}
        onClick={() => {
          setError(null);
          void offlineCopies.getState().makeRun(runId).then(setError);
        }}
        data-testid="archive-make-offline"
      >
        Make available offline
      </Button>
      {fetching && (
        <Progress value={pct} size="sm" aria-label={`Downloading the run: ${pct} %`} animated={pct === 0} />
      )}
      {error && (
        <Text size="xs" c="red" data-testid="archive-offline-error">
          {error.message}
          {error.hint ? ` ${error.hint}` : ''}
        </Text>
      )}
    </Stack>
  );
}
