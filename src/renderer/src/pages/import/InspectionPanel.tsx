import { Alert, Badge, Button, Group, Loader, Progress, Stack, Tabs, Text } from '@mantine/core';
import { IconAlert, IconPlay } from '../../components/icons/icons';
import type { Resource } from '../../stores/resource';
import type { ImportContext } from '../../../../shared/contract/files';
import type { Inspection } from '../../stores/import';
import { BaselineComparison } from './BaselineComparison';
import { RowsTable } from './RowsTable';
import type { Readiness } from './run-readiness';
import { SchemaTable } from './SchemaTable';
import { ValidationReport } from './ValidationReport';

const TABS = ['schema', 'rows', 'validation', 'changes'] as const;
export type InspectionTab = (typeof TABS)[number];
export const INSPECTION_TABS = TABS;

/** One workbook: its state of inspection, the way to run it, and the four views of what it holds. */
export function InspectionPanel({
  inspection,
  context,
  readiness,
  tab,
  onTab,
  onRun,
  onRetry,
}: {
  inspection: Inspection;
  context: Resource<ImportContext>;
  readiness: Readiness;
  tab: InspectionTab;
  onTab: (tab: InspectionTab) => void;
  onRun: () => void;
  onRetry: () => void;
}) {
  const name = inspection.path.slice(inspection.path.lastIndexOf('/') + 1);
  const preview = inspection.result ?? inspection.preview;
  const profile = inspection.result?.profile ?? null;
  const reading = inspection.phase !== 'done' && inspection.phase !== 'error';

  return (
    <Stack gap="md" data-testid="inspection" data-phase={inspection.phase}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Text fw={600} size="lg">
            {name}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {inspection.path}
            {preview ? ` · sheet ${preview.sheet}` : ''}
          </Text>
        </Stack>
        <Stack gap={4} align="flex-end">
          <Button
            leftSection={<IconPlay size={16} />}
            disabled={!readiness.ok}
            onClick={onRun}
            aria-label={`Run the pipeline on ${name}`}
          >
            Run pipeline
          </Button>
          {!readiness.ok && readiness.kind !== 'none' && (
            <Text
              size="xs"
              c={readiness.kind === 'invalid' ? 'red' : 'dimmed'}
              maw={360}
              ta="right"
              data-testid="run-refused"
            >
              {readiness.reason}
            </Text>
          )}
          {readiness.ok && readiness.note && (
            <Text size="xs" c="dimmed">
              {readiness.note}
            </Text>
          )}
        </Stack>
      </Group>

      {reading && (
        <Stack gap={4} data-testid="inspection-progress">
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">
              {inspection.phase === 'downloading'
                ? 'Fetching the workbook from OneLake…'
                : `Checking every row: ${inspection.rowsRead.toLocaleString()} rows read`}
            </Text>
          </Group>
          <Progress value={100} animated size="xs" aria-label="Inspection in progress" />
        </Stack>
      )}

      {inspection.phase === 'error' && inspection.error && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlert size={18} />}
          title={inspection.error.message}
          data-testid="inspection-error"
        >
          <Stack gap="xs" align="flex-start">
            {inspection.error.hint && <Text size="sm">{inspection.error.hint}</Text>}
            <Button size="xs" variant="default" onClick={onRetry}>
              Inspect again
            </Button>
          </Stack>
        </Alert>
      )}

      {preview && preview.missingRequired.length > 0 && !profile && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlert size={18} />}
          title="Required columns are missing"
        >
          {preview.missingRequired.join(', ')}
        </Alert>
      )}

      {preview && (
        <Tabs value={tab} onChange={(v) => v && onTab(v as InspectionTab)} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="schema">Schema ({preview.columns.length} columns)</Tabs.Tab>
            <Tabs.Tab value="rows">First rows</Tabs.Tab>
            <Tabs.Tab
              value="validation"
              rightSection={
                profile && profile.rows_rejected > 0 ? (
                  <Badge size="xs" color="red" variant="light">
                    {profile.rows_rejected}
                  </Badge>
                ) : undefined
              }
            >
              Validation
            </Tabs.Tab>
            <Tabs.Tab value="changes">Compared with last run</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="schema" pt="md">
            <SchemaTable preview={preview} profile={profile} />
          </Tabs.Panel>
          <Tabs.Panel value="rows" pt="md">
            <RowsTable preview={preview} />
          </Tabs.Panel>
          <Tabs.Panel value="validation" pt="md">
            {profile ? <ValidationReport profile={profile} /> : <Waiting />}
          </Tabs.Panel>
          <Tabs.Panel value="changes" pt="md">
            {!profile ? (
              <Waiting />
            ) : context.status === 'ready' ? (
              <BaselineComparison profile={profile} context={context.value} />
            ) : context.status === 'error' ? (
              <Text size="sm" c="red">
                {context.error.message}
              </Text>
            ) : (
              <Loader size="sm" />
            )}
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}

function Waiting() {
  return (
    <Group gap="xs" py="md">
      <Loader size="xs" />
      <Text size="sm" c="dimmed">
        Shown when every row has been checked.
      </Text>
    </Group>
  );
}
