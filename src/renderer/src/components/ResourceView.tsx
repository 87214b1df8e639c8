import { Alert, Button, Skeleton, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Resource } from '../stores/resource';
import { IconAlert } from './icons/icons';

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
  switch (resource.status) {
    case 'loading':
      return (
        <Stack gap="sm" aria-busy="true" aria-label="Loading">
          {Array.from({ length: rows }, (_, i) => (
            <Skeleton key={i} height={36} radius="sm" />
          ))}
        </Stack>
      );
    case 'error':
      return (
        <Alert color="red" variant="light" title={resource.error.message} icon={<IconAlert size={18} />}>
          <Stack gap="xs" align="flex-start">
            {resource.error.hint !== undefined && <Text size="sm">{resource.error.hint}</Text>}
            {onRetry !== undefined && (
              <Button size="xs" variant="default" onClick={onRetry}>
                Try again
              </Button>
            )}
          </Stack>
        </Alert>
      );
    case 'unavailable':
      return unavailable(resource.reason);
    case 'ready':
      return children(resource.value);
  }
}
