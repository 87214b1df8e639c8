import { Stack, Text } from '@mantine/core';
import { useAppStore } from '../../stores/context';

/** Version and host kind, quietly at the bottom of the navigation. */
export function NavFooter() {
  const info = useAppStore((s) => s.info);
  if (info.status !== 'ready') return null;
  return (
    <Stack gap={0} px="sm" py="xs">
      <Text size="xs" c="dimmed">
        Version {info.value.version}
      </Text>
      <Text size="xs" c="dimmed">
        {info.value.host === 'electron' ? 'Desktop app' : 'Browser preview'}
      </Text>
    </Stack>
  );
}
