import { ThemeIcon } from '@mantine/core';
import type { CheckStatus } from '../../../../shared/contract/diagnostics';
import { createIcon } from '../../components/icons/create-icon';

const IconCheck = createIcon('IconCheck', <path d="M5 12.5l4.5 4.5L19 7.5" />);
const IconCross = createIcon('IconCross', <path d="M6 6l12 12M18 6L6 18" />);
const IconWarn = createIcon(
  'IconWarn',
  <>
    <path d="M12 4 2.5 20h19z" />
    <path d="M12 10v4.5M12 17.3v.2" />
  </>,
);
const IconDash = createIcon('IconDash', <path d="M7 12h10" />);

export const STATUS_COLOR = { ok: 'green', warning: 'yellow', error: 'red', skipped: 'gray' } as const;
export const STATUS_LABEL = {
  ok: 'Passed',
  warning: 'Needs attention',
  error: 'Failed',
  skipped: 'Skipped',
} as const;

/** A coloured status mark; its label is for screen readers, since colour alone says nothing to them. */
export function StatusIcon({ status, size = 28 }: { status: CheckStatus; size?: number }) {
  const Icon = { ok: IconCheck, warning: IconWarn, error: IconCross, skipped: IconDash }[status];
  return (
    <ThemeIcon
      color={STATUS_COLOR[status]}
      variant="light"
      radius="xl"
      size={size}
      role="img"
      aria-label={STATUS_LABEL[status]}
    >
      <Icon size={size * 0.6} />
    </ThemeIcon>
  );
}
