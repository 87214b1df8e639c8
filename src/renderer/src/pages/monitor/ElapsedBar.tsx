import { Box, Group, Progress, Text, Tooltip } from '@mantine/core';
import type { RunStats } from '../../../../shared/contract/runs';
import { elapsedScale, formatDuration } from './duration';

const VERDICT: Record<ReturnType<typeof elapsedScale>['verdict'], { text: string; color: string }> = {
  'no-history': { text: 'No completed runs yet to compare with.', color: 'blue' },
  typical: { text: 'Within the usual time.', color: 'blue' },
  'slower-than-usual': { text: 'Slower than half of past runs.', color: 'yellow' },
  'unusually-slow': { text: 'Slower than 9 in 10 past runs.', color: 'orange' },
};

/**
 * Elapsed time of the run against past Completed runs: a bar that fills as time passes, with markers at the
 * median and the 90th percentile.
 */
export function ElapsedBar({
  elapsedMs,
  stats,
  active,
  endColor,
}: {
  elapsedMs: number;
  stats: RunStats | null;
  active: boolean;
  /** the bar's colour once the run has ended (its outcome) */
  endColor?: string;
}) {
  const median = stats?.medianMs ?? null;
  const p90 = stats?.p90Ms ?? null;
  const scale = elapsedScale(elapsedMs, median, p90);
  const verdict = VERDICT[scale.verdict];
  const summary =
    median !== null && p90 !== null
      ? `Usually ${formatDuration(median)} (median), 9 in 10 runs within ${formatDuration(p90)}, from the last ${stats?.count ?? 0} completed runs.`
      : verdict.text;
  return (
    <Box data-testid="monitor-elapsed" data-verdict={scale.verdict}>
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Text size="sm" fw={600}>
          {active ? 'Elapsed' : 'Took'}{' '}
          <Text
            span
            fw={700}
            style={{ fontVariantNumeric: 'tabular-nums' }}
            data-testid="monitor-elapsed-value"
          >
            {formatDuration(elapsedMs)}
          </Text>
        </Text>
        {median !== null && active && (
          <Text size="sm" c="dimmed">
            {verdict.text}
          </Text>
        )}
      </Group>
      <Box pos="relative" pt={4} pb={4}>
        <Progress
          value={scale.elapsedPct}
          size="lg"
          radius="xl"
          color={active ? verdict.color : (endColor ?? verdict.color)}
          striped={active}
          animated={active}
          aria-label={`Elapsed ${formatDuration(elapsedMs)}. ${summary}`}
        />
        {scale.medianPct !== null && median !== null && (
          <Marker pct={scale.medianPct} label={`Median ${formatDuration(median)}`} />
        )}
        {scale.p90Pct !== null && p90 !== null && (
          <Marker pct={scale.p90Pct} label={`90th percentile ${formatDuration(p90)}`} />
        )}
      </Box>
      <Box pos="relative" h={18} aria-hidden="true">
        {scale.medianPct !== null && median !== null && (
          <MarkerLabel pct={scale.medianPct} text={`median ${formatDuration(median)}`} align="end" />
        )}
        {scale.p90Pct !== null && p90 !== null && (
          <MarkerLabel pct={scale.p90Pct} text={`p90 ${formatDuration(p90)}`} align="start" />
        )}
      </Box>
      <Text size="xs" c="dimmed" mt={4}>
        {summary}
      </Text>
    </Box>
  );
}

function Marker({ pct, label }: { pct: number; label: string }) {
  return (
    <Tooltip label={label} withArrow>
      <Box
        aria-hidden="true"
        pos="absolute"
        top={0}
        bottom={0}
        w={3}
        left={`calc(${pct}% - 1px)`}
        style={{ background: 'var(--mantine-color-text)', borderRadius: 2, opacity: 0.75 }}
      />
    </Tooltip>
  );
}

function MarkerLabel({ pct, text, align }: { pct: number; text: string; align: 'start' | 'end' }) {
  // The median label sits left of its marker and the p90 label right of its own, so close markers stay legible.
  const style =
    align === 'end'
      ? { right: `calc(${100 - pct}% + 4px)`, textAlign: 'right' as const }
      : { left: `calc(${pct}% + 4px)` };
  return (
    <Text size="xs" c="dimmed" pos="absolute" top={0} style={{ ...style, whiteSpace: 'nowrap' }}>
      {text}
    </Text>
  );
}
