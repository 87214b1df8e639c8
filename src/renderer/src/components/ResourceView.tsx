import { Alert, Button, Skeleton, Stack, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import type { Resource } from '../stores/resource';
import { explainedByBanner } from './explained-by-banner';
import { IconAlert } from './icons/icons';
import { useConnectivity } from './shell/use-connectivity';

interface Props<T> {
  resource: Resource<T>;
  /** shown when the data cannot be provided in this version; receives the reason */
  unavailable: (reason: string) => ReactNode;
  children: (value: T) => ReactNode;
  onRetry?: () => void;
  /** skeleton rows while loading */
  rows?: number;
}

/** The four states every page's data goes through, rendered the same way everywhere. */
export function ResourceView<T>({ resource, unavailable, children, onRetry, rows = 3 }: Props<T>) {
  const connectivity = useConnectivity();
  // Back online (or signed in again): what failed for that reason is asked again by itself.
  const online = connectivity?.online ?? true;
  const wasOnline = useRef(online);
  const failed = resource.status === 'error';
  useEffect(() => {
    if (online && !wasOnline.current && failed) onRetry?.();
    wasOnline.current = online;
  }, [online, failed, onRetry]);
  switch (resource.status) {
    case 'loading':
      return (
        <Stack gap="sm" aria-busy="true" aria-label="Loading">
          {Array.from({ length: rows }, (_, i) => (
            <Skeleton key={i} height={36} radius="sm" />
          ))}
        </Stack>
      );
    case 'error': {
      const quiet = explainedByBanner(resource.error, connectivity);
      const retry = onRetry !== undefined && (
        <Button size="xs" variant="default" onClick={onRetry}>
          Try again
        </Button>
      );
      if (quiet !== null) {
        return (
          <Alert color="gray" variant="light" title={quiet} data-testid="resource-explained">
            <Stack gap="xs" align="flex-start">
              <Text size="sm" c="dimmed">
                {resource.error.message} See the banner above
                {onRetry !== undefined ? '; this is asked again by itself when the app is back.' : '.'}
              </Text>
              {retry}
            </Stack>
          </Alert>
        );
      }
      return (
        <Alert color="red" variant="light" title={resource.error.message} icon={<IconAlert size={18} />}>
          <Stack gap="xs" align="flex-start">
            {resource.error.hint !== undefined && <Text size="sm">{resource.error.hint}</Text>}
            {retry}
          </Stack>
        </Alert>
      );
    }
    case 'unavailable':
      return unavailable(resource.reason);
    case 'ready':
      return children(resource.value);
  }
}
