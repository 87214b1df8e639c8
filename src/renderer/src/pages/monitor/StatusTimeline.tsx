import { Text, Timeline } from '@mantine/core';
import type { Run, RunEvent } from '../../../../shared/contract/runs';
import { formatDuration } from './duration';
import { buildTimeline, type TimelineStep } from './run-timeline';

const END_COLOR: Record<string, string> = { Completed: 'green', Failed: 'red', Lost: 'orange' };

const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** requested → triggering → NotStarted → InProgress → end, with the time each step was reached and lasted. */
export function StatusTimeline({ run, events, nowMs }: { run: Run; events: RunEvent[]; nowMs: number }) {
  const steps = buildTimeline(run, events, nowMs);
  const active = steps.reduce((last, s, i) => (s.at !== null ? i : last), 0);
  const endColor = END_COLOR[run.status] ?? 'gray';
  return (
    <Timeline
      active={active}
      bulletSize={16}
      lineWidth={2}
      color={steps[steps.length - 1]?.state === 'done' ? endColor : 'blue'}
      data-testid="monitor-timeline"
      aria-label="Status timeline"
    >
      {steps.map((s) => (
        <Timeline.Item
          key={s.key}
          title={s.label}
          data-step={s.key}
          data-state={s.state}
          lineVariant={s.at === null ? 'dashed' : 'solid'}
          color={s.at === null ? 'gray' : undefined}
        >
          <StepText step={s} />
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function StepText({ step }: { step: TimelineStep }) {
  if (step.state === 'skipped') {
    return (
      <Text size="xs" c="dimmed">
        Skipped: Fabric went straight on
      </Text>
    );
  }
  if (step.state === 'not-reached') {
    return (
      <Text size="xs" c="dimmed">
        Not reached
      </Text>
    );
  }
  if (step.state === 'pending' || step.at === null) {
    return (
      <Text size="xs" c="dimmed">
        Not yet
      </Text>
    );
  }
  const lasted =
    step.durationMs === null || (step.state === 'done' && step.durationMs < 1_000)
      ? ''
      : step.state === 'current'
        ? ` · for ${formatDuration(step.durationMs)} so far`
        : ` · ${formatDuration(step.durationMs)}`;
  return (
    <Text size="xs" c="dimmed">
      {clock(step.at)}
      {lasted}
    </Text>
  );
}
