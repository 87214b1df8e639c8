import { Button } from '@mantine/core';
import { usePageStore } from '../../stores/context';

/** Shows one run's KPIs, charts and rows on Results (downloaded first when it is not on this computer). */
export function OpenInResultsButton({
  runId,
  disabledReason,
}: {
  runId: string;
  disabledReason?: string | null;
}) {
  const viewRun = usePageStore('results', (s) => s.viewRun);
  return (
    <Button
      variant="default"
      onClick={() => void viewRun(runId)}
      disabled={Boolean(disabledReason)}
      title={disabledReason ?? undefined}
      data-testid="open-in-results"
    >
      Open in Results
    </Button>
  );
}
