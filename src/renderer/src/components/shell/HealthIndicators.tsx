import { Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { Health } from '../../../../shared/contract/app';
import { formatAgo } from '../../format/time';
import { useAppStore } from '../../stores/context';

type Part = keyof Health;
type Status = Health[Part]['status'];

const PARTS: { key: Part; label: string }[] = [
  { key: 'fabric', label: 'Fabric' },
  { key: 'onelake', label: 'OneLake' },
  { key: 'database', label: 'Database' },
  { key: 'keychain', label: 'Keychain' },
];

export const STATUS_COLOR: Record<Status, string> = {
  ok: 'var(--mantine-color-green-6)',
  degraded: 'var(--mantine-color-yellow-5)',
  down: 'var(--mantine-color-red-6)',
  unknown: 'var(--mantine-color-gray-5)',
};

export const STATUS_WORD: Record<Status, string> = {
  ok: 'connected',
  degraded: 'degraded',
  down: 'not reachable',
  unknown: 'not checked yet',
};

/** Four compact dots in the header; the tooltip (also on keyboard focus) says what each one means. */
export function HealthIndicators() {
  const health = useAppStore((s) => s.health);
  return (
    <Group gap="sm" wrap="nowrap" role="group" aria-label="Connection health">
      {PARTS.map(({ key, label }) => {
        const part =
          health.status === 'ready'
            ? health.value[key]
            : {
                status: 'unknown' as const,
                message: health.status === 'error' ? health.error.message : 'Checking…',
                checkedAt: null,
              };
        const checked = part.checkedAt ? ` Checked ${formatAgo(part.checkedAt)}.` : '';
        const description = `${label}: ${STATUS_WORD[part.status]}. ${part.message}${checked}`;
        return (
          <Tooltip key={key} label={description}>
            <Group gap={6} wrap="nowrap" tabIndex={0} data-testid={`health-${key}`} data-status={part.status}>
              <span className="health-dot" style={{ background: STATUS_COLOR[part.status] }} />
              <Text size="sm" c="dimmed" aria-hidden="true" visibleFrom="md">
                {label}
              </Text>
              <VisuallyHidden data-testid={`health-${key}-text`}>{description}</VisuallyHidden>
            </Group>
          </Tooltip>
        );
      })}
    </Group>
  );
}
