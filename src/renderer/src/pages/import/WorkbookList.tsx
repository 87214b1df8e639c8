import { ActionIcon, EmptyState, Group, SegmentedControl, Table, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ImportFile } from '../../../../shared/contract/runs';
import { IconRefresh, IconWorkbook } from '../../components/icons/icons';
import { ResourceView } from '../../components/ResourceView';
import { formatWhen } from '../../format/time';
import { usePagePref, usePageStore } from '../../stores/context';
import { formatBytes } from './workbook-file';

const SORTS = ['name', 'modified', 'size'] as const;
type Sort = (typeof SORTS)[number];

export function sortWorkbooks(list: ImportFile[], sort: Sort): ImportFile[] {
  const copy = [...list];
  if (sort === 'name') return copy.sort((a, b) => a.name.localeCompare(b.name));
  if (sort === 'size') return copy.sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
  return copy.sort((a, b) => b.lastModified.localeCompare(a.lastModified) || a.name.localeCompare(b.name));
}

/** The workbooks of Files/import; choosing one inspects it. */
export function WorkbookList({
  selected,
  onSelect,
  actions,
}: {
  selected: string | null;
  onSelect: (path: string) => void;
  /** the upload button */
  actions: ReactNode;
}) {
  const workbooks = usePageStore('import', (s) => s.workbooks);
  const loadWorkbooks = usePageStore('import', (s) => s.loadWorkbooks);
  const [sort, setSort] = usePagePref<Sort>('import', 'sort', 'name', SORTS);

  return (
    <>
      <Group justify="space-between" mb="sm">
        <div>
          <Text fw={600}>Workbooks in Files/import</Text>
          <Text size="xs" c="dimmed">
            Choose one to inspect it. Drop an .xlsx (up to 100 MB) here to upload it.
          </Text>
        </div>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label="Sort workbooks by"
            value={sort}
            onChange={(v) => setSort(v as Sort)}
            data={[
              { value: 'name', label: 'Name' },
              { value: 'modified', label: 'Newest' },
              { value: 'size', label: 'Largest' },
            ]}
          />
          <Tooltip label="Reload the list">
            <ActionIcon
              variant="default"
              aria-label="Reload the workbook list"
              onClick={() => void loadWorkbooks()}
            >
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
          {actions}
        </Group>
      </Group>
      <ResourceView resource={workbooks} unavailable={() => null} onRetry={() => void loadWorkbooks()}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState
              py="lg"
              data-testid="workbooks-empty"
              icon={<IconWorkbook size={28} />}
              title="No workbooks in Files/import yet"
              description="Upload an Excel workbook (.xlsx) with the sales orders, or drop it on the area above."
            />
          ) : (
            <Table.ScrollContainer minWidth={560} maxHeight={260} type="native">
              <Table highlightOnHover data-testid="workbooks-table" stickyHeader>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Workbook</Table.Th>
                    <Table.Th ta="right">Size</Table.Th>
                    <Table.Th>Modified</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sortWorkbooks(list, sort).map((w) => (
                    <Table.Tr
                      key={w.path}
                      data-testid="workbook-row"
                      aria-selected={w.path === selected}
                      bg={w.path === selected ? 'var(--mantine-primary-color-light)' : undefined}
                      style={{ cursor: 'pointer' }}
                      onClick={() => onSelect(w.path)}
                    >
                      <Table.Td>
                        <Text
                          component="button"
                          type="button"
                          fw={500}
                          size="sm"
                          aria-label={`Inspect ${w.name}`}
                          aria-pressed={w.path === selected}
                          onClick={(e) => {
                            e.stopPropagation();
                            onSelect(w.path);
                          }}
                          style={{
                            background: 'none',
                            border: 0,
                            padding: 0,
                            cursor: 'pointer',
                            color: 'inherit',
                          }}
                        >
                          {w.name}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{formatBytes(w.size)}</Table.Td>
                      <Table.Td>
                        <time dateTime={w.lastModified} title={new Date(w.lastModified).toLocaleString()}>
                          {formatWhen(w.lastModified)}
                        </time>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </ResourceView>
    </>
  );
}
