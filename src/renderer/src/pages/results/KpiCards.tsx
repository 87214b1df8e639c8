import { Paper, SimpleGrid, Text, Tooltip } from '@mantine/core';
import type { Kpis } from '../../../../shared/artifacts';
import { kpiCards, type KpiCard } from './kpi-cards';

const ARROW = { up: '▲', down: '▼', same: '●' } as const;
const TONE_COLOR = { good: 'teal', bad: 'red', neutral: 'dimmed' } as const;

function Delta({ card }: { card: KpiCard }) {
  const d = card.delta;
  if (!d) {
    return (
      <Text size="xs" c="dimmed" mt={6} data-testid={`kpi-no-delta-${card.id}`}>
        {card.noDelta}
      </Text>
    );
  }
  // Arrow and words as well as colour, so the change reads without colour vision.
  return (
    <Tooltip label={d.description} multiline w={260} withArrow>
      <Text
        size="xs"
        fw={600}
        mt={6}
        c={TONE_COLOR[d.tone]}
        tabIndex={0}
        aria-label={d.description}
        data-testid={`kpi-delta-${card.id}`}
        data-direction={d.direction}
      >
        <span aria-hidden="true">{ARROW[d.direction]} </span>
        {d.direction === 'same' ? 'unchanged' : d.absolute}
        {d.percent && ` (${d.percent})`}
        <Text span size="xs" c="dimmed" fw={400}>
          {' '}
          vs previous
        </Text>
      </Text>
    </Tooltip>
  );
}

function Card({ card, small }: { card: KpiCard; small?: boolean }) {
  return (
    <Paper p={small ? 'md' : 'lg'} data-testid={`kpi-${card.id}`} role="group" aria-label={card.label}>
      <Text size="sm" c="dimmed" fw={500}>
        {card.label}
      </Text>
      <Text size={small ? 'lg' : 'xl'} fw={700} mt={4} data-testid={`kpi-value-${card.id}`}>
        {card.value}
      </Text>
      <Delta card={card} />
    </Paper>
  );
}

const QUALITY = new Set(['valid', 'rejected', 'duplicates']);

/** Sales KPIs, then data-quality counts, each with its change against the previous successful run. */
export function KpiCards({ kpis, previous }: { kpis: Kpis; previous: Kpis | null }) {
  const cards = kpiCards(kpis, previous);
  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 3, xl: 6 }} spacing="md" mb="md">
        {cards
          .filter((c) => !QUALITY.has(c.id))
          .map((c) => (
            <Card key={c.id} card={c} />
          ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" mb="lg">
        {cards
          .filter((c) => QUALITY.has(c.id))
          .map((c) => (
            <Card key={c.id} card={c} small />
          ))}
      </SimpleGrid>
    </>
  );
}
