import { describe, expect, it } from 'vitest';
import type { ImportProfile } from '../../../../src/shared/artifacts';
import { diffProfiles, isUnchanged } from '../../../../src/renderer/src/pages/import/profile-diff';

const rule = (id: ImportProfile['rules'][number]['id'], count: number): ImportProfile['rules'][number] => ({
  id,
  description: id,
  severity: 'error',
  count,
  example_rows: [],
});
const column = (
  name: string,
  canonical: string | null,
  type: ImportProfile['columns'][number]['inferred_type'],
) => ({
  name,
  canonical,
  required: canonical === 'order_id',
  inferred_type: type,
  null_count: 0,
});
const profile = (over: Partial<ImportProfile> = {}): ImportProfile => ({
  schema_version: 1,
  sheet: 'Sheet1',
  rows_in: 100,
  columns: [
    column('Order ID', 'order_id', 'string'),
    column('Qty', 'quantity', 'integer'),
    column('Notes', null, 'string'),
  ],
  missing_required: [],
  extra_columns: ['Notes'],
  rules: [rule('duplicate_key', 2), rule('required_missing', 3)],
  rejected_rows: [],
  rejected_rows_truncated: false,
  warnings: [],
  duplicates_removed: 2,
  rows_rejected: 3,
  rows_valid: 95,
  ...over,
});

describe('diffProfiles', () => {
  it('finds nothing between a profile and itself', () => {
    const d = diffProfiles(profile(), profile());
    expect(isUnchanged(d)).toBe(true);
    expect(d.rejectionRate).toEqual({ before: 0.03, after: 0.03 });
  });

  it('matches contract columns by mapping whatever the header says, extras by header text', () => {
    const now = profile({
      columns: [
        column('order id', 'order_id', 'string'),
        column('Quantity', 'quantity', 'mixed'),
        column(' notes ', null, 'string'),
        column('Discount', 'discount', 'number'),
      ],
    });
    const d = diffProfiles(now, profile());
    expect(d.columnsAdded).toEqual(['Discount']);
    expect(d.columnsMissing).toEqual([]);
    expect(d.typeChanges).toEqual([{ column: 'Quantity', before: 'integer', after: 'mixed' }]);
  });

  it('reports missing columns, row count, rejection rate and changed rules only', () => {
    const now = profile({
      rows_in: 200,
      rows_rejected: 20,
      columns: [column('Order ID', 'order_id', 'string')],
      rules: [rule('duplicate_key', 2), rule('required_missing', 18), rule('unit_price_negative', 1)],
    });
    const d = diffProfiles(now, profile());
    expect(d.columnsMissing).toEqual(['Qty', 'Notes']);
    expect(d.rows).toEqual({ before: 100, after: 200 });
    expect(d.rejectionRate.after).toBeCloseTo(0.1);
    expect(d.rules.map((r) => [r.id, r.before, r.after])).toEqual([
      ['required_missing', 3, 18],
      ['unit_price_negative', 0, 1],
    ]);
    expect(isUnchanged(d)).toBe(false);
  });

  it('does not call an empty column a type change, and rates an empty sheet 0', () => {
    const now = profile({ rows_in: 0, rows_rejected: 0, columns: [column('Order ID', 'order_id', 'empty')] });
    const d = diffProfiles(now, profile({ columns: [column('Order ID', 'order_id', 'string')] }));
    expect(d.typeChanges).toEqual([]);
    expect(d.rejectionRate.after).toBe(0);
  });
});
