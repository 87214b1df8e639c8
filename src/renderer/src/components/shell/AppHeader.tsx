import { Burger, Group, Text, ThemeIcon } from '@mantine/core';
import { useAppStore } from '../../stores/context';
import { IconBrand } from '../icons/icons';
import { HealthIndicators } from './HealthIndicators';
import { LockIndicator } from './LockIndicator';
import { ProfileBadge } from './ProfileBadge';
import { ThemeToggle } from './ThemeToggle';

export function AppHeader({ navOpened, onToggleNav }: { navOpened: boolean; onToggleNav: () => void }) {
  const lock = useAppStore((s) => s.lock);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={navOpened ? 'Hide navigation' : 'Show navigation'}
        />
        <ThemeIcon size="lg" radius="md" variant="filled" aria-hidden="true">
          <IconBrand size={20} />
        </ThemeIcon>
        <Text fw={700} size="lg" visibleFrom="xs">
          Fabric Data Portal
        </Text>
      </Group>
      <Group gap="lg" wrap="nowrap">
        <ProfileBadge />
        <HealthIndicators />
        <LockIndicator status={lock} />
        <ThemeToggle />
      </Group>
    </Group>
  );
}
