import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { MAX_PARAMS, MAX_VALUE, type ParamProblems, type ParamRow } from './ParameterEditorRows';

/**
 * The run parameters as editable name/value rows (Import's run dialog, Archive's re-run dialog). Controlled:
 * the dialog owns the rows and the problems (parameterProblems), so it can disable its start button.
 */
export function ParameterEditor({
  rows,
  problems,
  onChange,
  emptyText,
}: {
  rows: readonly ParamRow[];
  problems: ParamProblems;
  onChange: (rows: ParamRow[]) => void;
  /** what to say while there are no rows */
  emptyText: string;
}) {
  const update = (i: number, patch: Partial<ParamRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <Stack gap="xs" data-testid="parameter-editor">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      )}
      {rows.map((r, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={`Name of parameter ${i + 1}`}
            placeholder="name"
            value={r.name}
            maxLength={64}
            error={problems.rows[i]}
            onChange={(e) => update(i, { name: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <TextInput
            aria-label={`Value of parameter ${i + 1}`}
            placeholder="value"
            value={r.value}
            maxLength={MAX_VALUE}
            onChange={(e) => update(i, { value: e.currentTarget.value })}
            style={{ flex: 2 }}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Remove parameter ${r.name.trim() || i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        w="fit-content"
        disabled={rows.length >= MAX_PARAMS}
        onClick={() => onChange([...rows, { name: '', value: '' }])}
      >
        Add parameter
      </Button>
      {problems.general && (
        <Text size="sm" c="red">
          {problems.general}
        </Text>
      )}
    </Stack>
  );
}
