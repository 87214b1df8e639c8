import { Badge, Button, Group, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { formatWhen } from '../../format/time';
import { formatBundleBytes } from '../../pages/results/bundle-file';
import { usePageStore } from '../../stores/context';
import { OpenBundleButton } from './OpenBundleButton';

/**
 * Runs opened from .fdpbundle files: they are not in the run database (they come from another computer or
 * profile), so the Archive lists them apart, read-only, with Open and Remove.
 */
export function OpenedBundlesPanel() {
  const bundles = usePageStore('results', (s) => s.openedBundles);
  const load = usePageStore('results', (s) => s.loadOpenedBundles);
  const viewRun = usePageStore('results', (s) => s.viewRun);
  const removeBundle = usePageStore('results', (s) => s.removeBundle);
  useEffect(() => {
    void load();
  }, [load]);

  const list = bundles.status === 'ready' ? bundles.value : [];
  const remove = async (runId: string) => {
    const e = await removeBundle(runId);
    if (e) notifications.show({ color: 'red', title: e.message, message: e.hint ?? '' });
  };

  return (
    <Paper
      p="lg"
      mt="lg"
      component="section"
      aria-labelledby="opened-bundles-title"
      data-testid="opened-bundles"
    >
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="opened-bundles-title">
          Opened bundles
        </Title>
        <OpenBundleButton size="xs" />
      </Group>
      {bundles.status === 'error' ? (
        <Text size="sm" c="red">
          {bundles.error.message}
        </Text>
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="opened-bundles-empty">
          Runs sent to you as .fdpbundle files appear here once opened (drop one on the window, or use Open
          bundle…). They open read-only on Results.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-label="Runs opened from bundles">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Run</Table.Th>
                <Table.Th>Bundle</Table.Th>
                <Table.Th>Exported</Table.Th>
                <Table.Th>From profile</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((b) => (
                <Table.Tr key={b.runId} data-testid="opened-bundle-row" data-run-id={b.runId}>
                  <Table.Td ff="monospace">
                    <Group gap={6} wrap="nowrap">
                      {b.runId.slice(0, 8)}
                      <Badge variant="light" color="grape" tt="none">
                        bundle · read-only
                      </Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="sm" style={{ wordBreak: 'break-all' }}>
                    {b.file}
                  </Table.Td>
                  <Table.Td>{formatWhen(b.exportedAt)}</Table.Td>
                  <Table.Td>{b.fromProfile}</Table.Td>
                  <Table.Td ta="right">{formatBundleBytes(b.sizeBytes)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => void viewRun(b.runId)}
                      aria-label={`Open the bundled run ${b.runId.slice(0, 8)} on Results`}
                    >
                      Open
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => void remove(b.runId)}
                      aria-label={`Remove the bundled run ${b.runId.slice(0, 8)} from this computer`}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
