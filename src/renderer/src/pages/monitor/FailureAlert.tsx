import { Alert, Code, Stack, Text } from '@mantine/core';
import type { Run } from '../../../../shared/contract/runs';
import { IconAlert } from '../../components/icons/icons';
import { failureAdvice } from './failure-advice';

/** A failed run's reason in plain words, what to do, and Fabric's own message. */
export function FailureAlert({ run }: { run: Run }) {
  const advice = failureAdvice(run);
  if (!advice) return null;
  return (
    <Alert
      color={run.status === 'Failed' ? 'red' : 'orange'}
      variant="light"
      title={advice.title}
      icon={<IconAlert size={18} />}
      data-testid="monitor-failure"
      data-code={advice.code}
    >
      <Stack gap={6}>
        <Text size="sm">{advice.advice}</Text>
        <Text size="xs" c="dimmed">
          Reported: <Code>{advice.code}</Code> {advice.detail}
        </Text>
      </Stack>
    </Alert>
  );
}
