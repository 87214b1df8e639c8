import type { RuleId } from '../../shared/artifacts';

export const RULE_INFO: Record<RuleId, { description: string; severity: 'error' | 'warning' }> = {
  duplicate_key: {
    description:
      'Row repeats the (order_id, line_number) of an earlier row; the first is kept, this one removed',
    severity: 'warning',
  },
  required_missing: { description: 'A required value is missing', severity: 'error' },
  unparseable_value: {
    description: 'A value in a date or number column cannot be parsed',
    severity: 'error',
  },
  quantity_not_positive_integer: {
    description: 'quantity is not a whole number greater than 0',
    severity: 'error',
  },
  unit_price_negative: { description: 'unit_price is negative', severity: 'error' },
  discount_out_of_range: { description: 'discount is outside [0, 1)', severity: 'error' },
  unit_cost_negative: { description: 'unit_cost is negative', severity: 'error' },
  ship_before_order: { description: 'ship_date is earlier than order_date (row kept)', severity: 'warning' },
};

export const MAX_REJECTED_ROWS = 10_000;
export const MAX_EXAMPLE_ROWS = 5;
