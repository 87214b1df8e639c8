import { Badge, Popover, Text, UnstyledButton } from '@mantine/core';
import type { Results } from '../../../../shared/contract/runs';

const LABEL = { onelake: 'OneLake kpis.json', database: 'Database copy', none: 'No results' } as const;

/** Where the KPIs were read from, with main's reason one click (or Enter) away. */
export function SourceBadge({ results }: { results: Results }) {
  return (
    <Popover width={340} withArrow shadow="md" position="bottom-start">
      <Popover.Target>
        <UnstyledButton
          aria-label={`KPI source: ${LABEL[results.source]}. Show why`}
          data-testid="kpi-source"
          data-source={results.source}
        >
          <Badge variant="light" color={results.source === 'onelake' ? 'blue' : 'yellow'} tt="none">
            KPIs from {LABEL[results.source]}
          </Badge>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" data-testid="kpi-source-reason">
          {results.reason}
        </Text>
        {results.path && (
          <Text size="xs" c="dimmed" mt="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {results.path}
          </Text>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
