import { Alert, Button, Group, Text } from '@mantine/core';
import type { ViewedRun } from '../../stores/results';
import { formatWhen } from '../../format/time';

const mono = { fontFamily: 'var(--mantine-font-family-monospace)' } as const;

/** Says which run is on screen when it is not the current results, with the way back to them. */
export function ViewingBanner({ viewing, onBack }: { viewing: ViewedRun; onBack: () => void }) {
  const bundle = viewing.kind === 'bundle' ? viewing.bundle : null;
  return (
    <Alert
      color={bundle ? 'grape' : 'blue'}
      variant="light"
      mb="lg"
      data-testid="results-viewing"
      data-kind={viewing.kind}
      title={
        bundle ? (
          <>
            Opened from bundle <span style={mono}>{bundle.file}</span> — read-only
          </>
        ) : (
          <>
            Viewing run <span style={mono}>{viewing.runId}</span> (not the current results)
          </>
        )
      }
    >
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Text size="sm" data-testid="results-viewing-detail">
          {bundle ? (
            <>
              Run <span style={mono}>{viewing.runId}</span>, exported {formatWhen(bundle.exportedAt)} from
              profile <b>{bundle.fromProfile}</b>. Its files come from the bundle and were checked against
              their sha256; nothing here is sent to Fabric, and it cannot be restored or run again from this
              view.
            </>
          ) : (
            <>KPIs, charts and rows of this run, read from its offline copy on this computer.</>
          )}
        </Text>
        <Button size="xs" variant="filled" onClick={onBack} data-testid="results-back-to-current">
          Back to the current results
        </Button>
      </Group>
    </Alert>
  );
}
