import { Anchor, Text } from '@mantine/core';
import type { RunRestore } from '../../../../shared/contract/archive';
import { formatWhen } from '../../format/time';
import { useAppStore } from '../../stores/context';

/** Says that the current results are an earlier run put back by someone, and why; links to the history. */
export function RestoredNote({ restore }: { restore: RunRestore }) {
  const setPage = useAppStore((s) => s.setPage);
  return (
    <Text size="sm" c="grape" data-testid="results-restored">
      Restored {formatWhen(restore.restoredAt)} by {restore.restoredBy}
      {restore.previousRunId && (
        <>
          {' '}
          in place of run{' '}
          <span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>
            {restore.previousRunId.slice(0, 8)}
          </span>
        </>
      )}
      {restore.reason && <> — “{restore.reason}”</>} ·{' '}
      <Anchor component="button" size="sm" onClick={() => setPage('archive')}>
        Restore history
      </Anchor>
    </Text>
  );
}
