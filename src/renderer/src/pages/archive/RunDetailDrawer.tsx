import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Drawer,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core';
import type { ReactNode } from 'react';
import type { RunDetail } from '../../../../shared/contract/archive';
import type { RunEvent } from '../../../../shared/contract/runs';
import { ResourceView } from '../../components/ResourceView';
import { RunStatusBadge } from '../../components/RunStatusBadge';
import { formatWhen } from '../../format/time';
import type { ArchiveDetail } from '../../stores/archive';
import { KPI_FIELDS } from './archive-compare';
import { formatBytes, formatKpi, shortId } from './archive-format';
import { useOfflineReason } from '../../components/shell/use-connectivity';
import { OpenInResultsButton } from '../../components/bundles/OpenInResultsButton';
import { MakeOfflineButton } from './MakeOfflineButton';

export interface RunDetailDrawerProps {
  detail: ArchiveDetail | null;
  /** why restoring is refused right now (a run is active), or null */
  restoreBlocked: string | null;
  onClose(): void;
  onRestore(detail: RunDetail): void;
  onRerun(detail: RunDetail): void;
  onOpenRun(runId: string): void;
}

/** One run's whole story: outcome, input fingerprint, parameters, KPIs, rule counts, files, restores, events. */
export function RunDetailDrawer({
  detail,
  restoreBlocked,
  onClose,
  onRestore,
  onRerun,
  onOpenRun,
}: RunDetailDrawerProps) {
  return (
    <Drawer
      opened={detail !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={detail ? `Run ${shortId(detail.runId)}` : 'Run'}
      closeButtonProps={{ 'aria-label': 'Close run details' }}
      data-testid="archive-detail"
    >
      {detail && (
        <ResourceView
          resource={detail.data}
          rows={8}
          onRetry={() => onOpenRun(detail.runId)}
          unavailable={(reason) => <Text c="dimmed">{reason}</Text>}
        >
          {(d) => (
            <DetailBody
              detail={d}
              events={detail}
              restoreBlocked={restoreBlocked}
              onRestore={onRestore}
              onRerun={onRerun}
              onOpenRun={onOpenRun}
            />
          )}
        </ResourceView>
      )}
    </Drawer>
  );
}

function DetailBody({
  detail,
  events,
  restoreBlocked,
  onRestore,
  onRerun,
  onOpenRun,
}: {
  detail: RunDetail;
  events: ArchiveDetail;
  restoreBlocked: string | null;
  onRestore(detail: RunDetail): void;
  onRerun(detail: RunDetail): void;
  onOpenRun(runId: string): void;
}) {
  const { run, results } = detail;
  const kpis = results.kpis;
  const offlineRefusal = useOfflineReason();
  const restoreRefusal =
    offlineRefusal ??
    (run.status !== 'Completed'
      ? `Only a completed run can be restored; this one ended ${run.status}.`
      : restoreBlocked);
  const params = Object.entries(run.parameters).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Stack gap="lg" data-testid="archive-detail-body" data-run-id={run.runId}>
      <Group justify="space-between" align="flex-start">
        <Group gap="xs">
          <RunStatusBadge status={run.status} />
          {detail.isCurrent && (
            <Badge color="teal" variant="filled" data-testid="archive-detail-current">
              Current results
            </Badge>
          )}
          {detail.restores.length > 0 && (
            <Badge color="grape" variant="light">
              Restored {detail.restores.length}×
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <Tooltip label={restoreRefusal ?? ''} disabled={restoreRefusal === null} multiline w={260}>
            <Button
              variant="default"
              onClick={() => onRestore(detail)}
              disabled={restoreRefusal !== null}
              data-testid="archive-restore"
            >
              Restore as current…
            </Button>
          </Tooltip>
          <OpenInResultsButton
            runId={run.runId}
            disabledReason={
              run.status === 'Completed' ? null : `This run ended ${run.status}: it has no results.`
            }
          />
          <MakeOfflineButton
            runId={run.runId}
            disabledReason={
              offlineRefusal ??
              (run.status === 'Completed' ? null : `This run ended ${run.status}: it has no results.`)
            }
          />
          <Button
            onClick={() => onRerun(detail)}
            disabled={offlineRefusal !== null}
            title={offlineRefusal ?? undefined}
            data-testid="archive-rerun"
          >
            Re-run…
          </Button>
        </Group>
      </Group>
      {restoreRefusal !== null && run.status === 'Completed' && (
        <Text size="sm" c="dimmed" data-testid="archive-restore-refusal">
          {restoreRefusal}
        </Text>
      )}
      {run.failure &&
        (run.status === 'Completed' ? (
          // Recovery may record a problem (e.g. a lost answer) for a run Fabric still completed.
          <Alert
            color="yellow"
            variant="light"
            title={`${run.failure.code}: recorded while the run was followed`}
          >
            {run.failure.message} The run completed nonetheless.
          </Alert>
        ) : (
          <Alert color="red" variant="light" title={`${run.failure.code}: the run did not complete`}>
            {run.failure.message}
          </Alert>
        ))}

      <Section title="Run">
        <Facts
          rows={[
            ['Run id', <Mono key="id" value={run.runId} />],
            ['Started by', `${run.requestedBy} on ${run.requestedHost}`],
            ['Requested', formatWhen(run.createdAt)],
            ['Started', run.startedAt ? formatWhen(run.startedAt) : '—'],
            ['Finished', run.finishedAt ? formatWhen(run.finishedAt) : '—'],
            ['Duration', duration(run.createdAt, run.finishedAt)],
            ['Fabric job', run.jobInstanceId ? <Mono key="job" value={run.jobInstanceId} /> : '—'],
          ]}
        />
      </Section>

      <Section title="Input workbook">
        <Facts
          rows={[
            ['File', run.inputName],
            ['Path', run.inputPath],
            ['Size', formatBytes(run.inputSize)],
            ['sha256', run.inputSha256 ? <Mono key="sha" value={run.inputSha256} /> : '—'],
          ]}
        />
      </Section>

      <Section title="Parameters">
        {params.length === 0 ? (
          <Text size="sm" c="dimmed">
            No extra parameters (only run_id, input_path and requested_by, set by the portal).
          </Text>
        ) : (
          <Facts rows={params.map(([k, v]) => [k, <Code key={k}>{v}</Code>])} />
        )}
      </Section>

      <Section title="KPIs">
        {kpis ? (
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" data-testid="archive-detail-kpis">
            {KPI_FIELDS.map((f) => (
              <div key={f.key}>
                <Text size="xs" c="dimmed">
                  {f.label}
                </Text>
                <Text fw={600} data-kpi={f.key}>
                  {formatKpi(kpis[f.key], f.format)}
                </Text>
              </div>
            ))}
          </SimpleGrid>
        ) : null}
        <Text size="xs" c="dimmed" mt={kpis ? 'xs' : 0}>
          {results.reason}
        </Text>
      </Section>

      <Section title="Rejections by rule">
        {detail.rules ? (
          <Table verticalSpacing={4} data-testid="archive-detail-rules">
            <Table.Tbody>
              {detail.rules.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Text size="sm">{r.description}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {r.id} · {r.severity}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" fw={r.count > 0 ? 600 : 400} c={r.count > 0 ? undefined : 'dimmed'}>
                    {r.count.toLocaleString()}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            {detail.rulesReason}
          </Text>
        )}
      </Section>

      <Section title="Artifacts">
        {detail.artifacts.length > 0 ? (
          <Table verticalSpacing={4} data-testid="archive-detail-artifacts">
            <Table.Tbody>
              {detail.artifacts.map((a) => (
                <Table.Tr key={a.name}>
                  <Table.Td ff="monospace" fz="sm">
                    {a.name}
                  </Table.Td>
                  <Table.Td ta="right">{formatBytes(a.size)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            {detail.artifactsReason ?? 'The run wrote no files.'}
          </Text>
        )}
      </Section>

      <Section title="Restore history">
        {detail.restores.length === 0 ? (
          <Text size="sm" c="dimmed">
            This run was never restored.
          </Text>
        ) : (
          <Stack gap="xs" data-testid="archive-detail-restores">
            {detail.restores.map((r) => (
              <Text size="sm" key={r.id}>
                {formatWhen(r.restoredAt)} by {r.restoredBy} ({r.host}): “{r.reason}”
                {r.previousRunId && (
                  <>
                    {' '}
                    — replaced{' '}
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      onClick={() => onOpenRun(r.previousRunId ?? '')}
                    >
                      run {shortId(r.previousRunId)}
                    </Button>
                  </>
                )}
              </Text>
            ))}
          </Stack>
        )}
      </Section>

      <Section title="Events">
        <ResourceView
          resource={events.events}
          rows={4}
          unavailable={(reason) => <Text c="dimmed">{reason}</Text>}
        >
          {(list) => <Events events={list} />}
        </ResourceView>
      </Section>
    </Stack>
  );
}

function Events({ events }: { events: RunEvent[] }) {
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No events recorded.
      </Text>
    );
  }
  return (
    <Timeline active={events.length - 1} bulletSize={12} lineWidth={2} data-testid="archive-detail-events">
      {events.map((e) => (
        <Timeline.Item
          key={e.id}
          title={
            <Text size="sm" fw={500}>
              {e.kind.replace(/_/g, ' ')}
              {e.toStatus ? ` → ${e.toStatus}` : ''}
            </Text>
          }
        >
          {e.message && (
            <Text size="xs" c="dimmed">
              {e.message}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {formatWhen(e.at)} · {e.actor}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <Table verticalSpacing={4} withRowBorders={false}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={130} fw={500} c="dimmed" fz="sm" scope="row">
              {label}
            </Table.Th>
            <Table.Td fz="sm" style={{ wordBreak: 'break-all' }}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Mono({ value }: { value: string }) {
  return (
    <Group gap={4} wrap="nowrap" align="center">
      <Text ff="monospace" fz="xs" style={{ wordBreak: 'break-all' }}>
        {value}
      </Text>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant="subtle" size="compact-xs" onClick={copy} aria-label={`Copy ${value}`}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

function duration(from: string, to: string | null): string {
  if (!to) return '—';
  const ms = new Date(to).getTime() - new Date(from).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
