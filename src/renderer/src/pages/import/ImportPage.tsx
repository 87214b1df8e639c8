import { Button, EmptyState, Paper, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { ImportFile } from '../../../../shared/contract/runs';
import { IconImport, IconPlay, IconRefresh, IconWorkbook } from '../../components/icons/icons';
import { PageHeader } from '../../components/PageHeader';
import { ResourceView } from '../../components/ResourceView';
import { UnavailableNote } from '../../components/UnavailableNote';
import { formatWhen } from '../../format/time';
import { useAppStore, usePageStore } from '../../stores/context';
import { PAGE_META } from '../page-meta';

const UPLOAD_NOTE =
  'Uploading from the portal is not available yet: copy the workbook into Files/import of the lakehouse.';

export function ImportPage() {
  const workbooks = usePageStore('import', (s) => s.workbooks);
  const loadWorkbooks = usePageStore('import', (s) => s.loadWorkbooks);

  useEffect(() => {
    void loadWorkbooks();
  }, [loadWorkbooks]);

  return (
    <>
      <PageHeader
        title="Import"
        description={PAGE_META.import.description}
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void loadWorkbooks()}
          >
            Refresh
          </Button>
        }
      />
      <Paper p="lg">
        <ResourceView
          resource={workbooks}
          unavailable={() => <NoWorkbooks />}
          onRetry={() => void loadWorkbooks()}
        >
          {(list) => (list.length === 0 ? <NoWorkbooks /> : <WorkbookTable workbooks={list} />)}
        </ResourceView>
      </Paper>
    </>
  );
}

function NoWorkbooks() {
  return (
    <EmptyState
      py="xl"
      variant="light"
      icon={<IconWorkbook size={28} />}
      title="No workbooks in Files/import yet — upload one"
      description="Upload an Excel workbook (.xlsx) with the sales orders to inspect its columns and start a pipeline run."
    >
      <EmptyState.Actions>
        <Button leftSection={<IconImport size={16} />} disabled>
          Upload workbook
        </Button>
      </EmptyState.Actions>
      <UnavailableNote reason={UPLOAD_NOTE} />
    </EmptyState>
  );
}

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

function WorkbookTable({ workbooks }: { workbooks: ImportFile[] }) {
  return (
    <Table data-testid="workbooks-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Workbook</Table.Th>
          <Table.Th ta="right">Size</Table.Th>
          <Table.Th>Modified</Table.Th>
          <Table.Th ta="right">Action</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {workbooks.map((w) => (
          <WorkbookRow key={w.path} workbook={w} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function WorkbookRow({ workbook }: { workbook: ImportFile }) {
  const starting = usePageStore('import', (s) => s.starting);
  const startRun = usePageStore('import', (s) => s.startRun);
  const setPage = useAppStore((s) => s.setPage);

  const onStart = async () => {
    const result = await startRun(workbook.path);
    if (result.ok) {
      notifications.show({
        color: 'green',
        title: 'Run started',
        message: `${workbook.name} is being processed in Fabric.`,
      });
      setPage('monitor');
    } else {
      notifications.show({
        color: 'red',
        title: result.error.message,
        message: result.error.hint ?? 'No run was started.',
        autoClose: 10_000,
      });
    }
  };

  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={500}>{workbook.name}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {workbook.path}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{size(workbook.size)}</Table.Td>
      <Table.Td>{formatWhen(workbook.lastModified)}</Table.Td>
      <Table.Td ta="right">
        <Button
          size="xs"
          leftSection={<IconPlay size={14} />}
          loading={starting === workbook.path}
          disabled={starting !== null}
          onClick={() => void onStart()}
          aria-label={`Run the pipeline on ${workbook.name}`}
        >
          Run pipeline
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
