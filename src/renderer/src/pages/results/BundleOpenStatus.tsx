import { Alert, Button, Progress, Text } from '@mantine/core';
import { usePageStore } from '../../stores/context';
import { formatBundleBytes } from './bundle-file';

/** A bundle being sent and checked, or why it was refused (what is wrong, what to do). */
export function BundleOpenStatus() {
  const state = usePageStore('results', (s) => s.bundleOpen);
  const dismiss = usePageStore('results', (s) => s.dismissBundleError);

  if (state.status === 'idle') return null;
  if (state.status === 'error') {
    return (
      <Alert
        color="red"
        mb="lg"
        title={`${state.name} was not opened`}
        data-testid="bundle-open-error"
        withCloseButton
        closeButtonLabel="Dismiss"
        onClose={dismiss}
      >
        <Text size="sm" data-testid="bundle-open-error-message">
          {state.error.message}
        </Text>
        {state.error.hint && (
          <Text size="xs" c="dimmed" mt={4}>
            {state.error.hint}
          </Text>
        )}
        <Text size="xs" c="dimmed" mt={4}>
          Nothing from this file was kept on this computer.
        </Text>
        <Button size="xs" mt="sm" variant="light" onClick={dismiss}>
          OK
        </Button>
      </Alert>
    );
  }
  const sending = state.status === 'sending';
  return (
    <Alert color="blue" mb="lg" title={`Opening ${state.name}…`} data-testid="bundle-open-progress">
      <Text size="sm" mb={4}>
        {sending
          ? `Reading the file: ${formatBundleBytes(state.bytesDone)} of ${formatBundleBytes(state.bytesTotal)}`
          : 'Checking every file against the sha256 recorded at export…'}
      </Text>
      <Progress
        value={sending && state.bytesTotal > 0 ? (100 * state.bytesDone) / state.bytesTotal : 100}
        animated={!sending}
        aria-label="Bundle opening progress"
      />
    </Alert>
  );
}
