import { Text } from '@mantine/core';
import { useAppStore } from '../../stores/context';

/** Version and host kind, quietly at the bottom of the navigation. */
export function NavFooter() {
  const info = useAppStore((s) => s.info);
  if (info.status !== 'ready') return null;
  return (
    <Text size="xs" c="dimmed" px="sm" py="xs">
      Version {info.value.version} · {info.value.host === 'electron' ? 'desktop app' : 'browser preview'}
    </Text>
  );
}
