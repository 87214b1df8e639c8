import { Button, EmptyState, Paper, Table, Text } from '@mantine/core';
import { IconImport, IconWorkbook } from '../../components/icons/icons';
import { PageHeader } from '../../components/PageHeader';
import { ResourceView } from '../../components/ResourceView';
import { UnavailableNote } from '../../components/UnavailableNote';
import { formatWhen } from '../../format/time';
import { usePageStore } from '../../stores/context';
import type { WorkbookListing } from '../../stores/import';
import { PAGE_META } from '../page-meta';

export function ImportPage() {
  const workbooks = usePageStore('import', (s) => s.workbooks);
  // With no workbooks the empty state carries the upload action; the header shows it once there is a list.
  const hasList = workbooks.status === 'ready' && workbooks.value.length > 0;
  const upload = hasList ? (
    <Button leftSection={<IconImport size={16} />}>Upload workbook</Button>
  ) : undefined;

  return (
    <>
      <PageHeader title="Import" description={PAGE_META.import.description} actions={upload} />
      <Paper p="lg">
        <ResourceView resource={workbooks} unavailable={(reason) => <NoWorkbooks reason={reason} />}>
          {(list) => (list.length === 0 ? <NoWorkbooks /> : <WorkbookTable workbooks={list} />)}
        </ResourceView>
      </Paper>
    </>
  );
}

function NoWorkbooks({ reason }: { reason?: string }) {
  return (
    <EmptyState
      py="xl"
      variant="light"
      icon={<IconWorkbook size={28} />}
      title="No workbooks in Files/import yet — upload one"
      description="Upload an Excel workbook (.xlsx) with the sales orders to inspect its columns and start a pipeline run."
    >
      <EmptyState.Actions>
        <Button leftSection={<IconImport size={16} />} disabled={reason !== undefined}>
          Upload workbook
        </Button>
      </EmptyState.Actions>
      {reason !== undefined && <UnavailableNote reason={reason} />}
    </EmptyState>
  );
}

function WorkbookTable({ workbooks }: { workbooks: WorkbookListing[] }) {
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Workbook</Table.Th>
          <Table.Th ta="right">Size</Table.Th>
          <Table.Th>Modified</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {workbooks.map((w) => (
          <Table.Tr key={w.name}>
            <Table.Td>
              <Text fw={500}>{w.name}</Text>
            </Table.Td>
            <Table.Td ta="right">{(w.sizeBytes / 1024).toFixed(0)} KB</Table.Td>
            <Table.Td>{formatWhen(w.modifiedAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
