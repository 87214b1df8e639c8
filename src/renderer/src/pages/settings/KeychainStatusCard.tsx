import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { IconRefresh } from '../../components/icons/icons';
import { ResourceView } from '../../components/ResourceView';
import { usePageStore } from '../../stores/context';

/** Where secrets go: the OS keychain, or memory for this session only — and why. */
export function KeychainStatusCard() {
  const keychain = usePageStore('settings', (s) => s.keychain);
  const load = usePageStore('settings', (s) => s.loadKeychain);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <ResourceView
      resource={keychain}
      unavailable={(r) => <Text c="dimmed">{r}</Text>}
      onRetry={() => void load(true)}
      rows={2}
    >
      {(k) => (
        <Stack gap="xs" data-testid="keychain-status" data-storage={k.storage}>
          <Group justify="space-between">
            <Group gap="xs">
              <Badge
                variant="light"
                tt="none"
                size="lg"
                color={k.storage === 'keychain' ? 'green' : 'yellow'}
              >
                {k.storage === 'keychain' ? 'Secrets in the OS keychain' : 'Secrets for this session only'}
              </Badge>
              <Text size="sm" c="dimmed">
                {k.backend}
              </Text>
            </Group>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconRefresh size={14} />}
              onClick={() => void load(true)}
              aria-label="Recheck the keychain"
            >
              Recheck
            </Button>
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {k.message}
          </Text>
          {k.hint && (
            <Text size="sm" c="dimmed">
              {k.hint}
            </Text>
          )}
        </Stack>
      )}
    </ResourceView>
  );
}
