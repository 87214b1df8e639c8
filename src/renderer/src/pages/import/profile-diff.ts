import type { ImportProfile } from '../../../../shared/artifacts';

export interface RuleChange {
  id: string;
  description: string;
  severity: 'error' | 'warning';
  before: number;
  after: number;
}

/** What changed between the input of the last successful run and the workbook being inspected. */
export interface ProfileDiff {
  /** header names present now but not in the last run's input */
  columnsAdded: string[];
  /** header names of the last run's input that are gone now */
  columnsMissing: string[];
  /** columns present in both whose inferred type changed */
  typeChanges: { column: string; before: string; after: string }[];
  rows: { before: number; after: number };
  /** rejected rows / rows read, 0..1 */
  rejectionRate: { before: number; after: number };
  /** every rule whose count changed, in the current profile's order */
  rules: RuleChange[];
}

// A column is the same column when it maps to the same contract column, whatever its header spelling;
// extra columns are matched by their header text, ignoring case and surrounding spaces.
const key = (c: { name: string; canonical: string | null }): string =>
  c.canonical ?? `extra:${c.name.trim().toLowerCase()}`;

const rate = (p: ImportProfile): number => (p.rows_in === 0 ? 0 : p.rows_rejected / p.rows_in);

export function diffProfiles(current: ImportProfile, baseline: ImportProfile): ProfileDiff {
  const before = new Map(baseline.columns.map((c) => [key(c), c]));
  const after = new Map(current.columns.map((c) => [key(c), c]));
  const typeChanges: ProfileDiff['typeChanges'] = [];
  for (const [k, c] of after) {
    const b = before.get(k);
    // An empty column says nothing about the type the data will have; do not call that a change.
    if (
      b &&
      b.inferred_type !== c.inferred_type &&
      b.inferred_type !== 'empty' &&
      c.inferred_type !== 'empty'
    )
      typeChanges.push({ column: c.name, before: b.inferred_type, after: c.inferred_type });
  }
  const beforeRules = new Map(baseline.rules.map((r) => [r.id, r.count]));
  const rules: RuleChange[] = current.rules
    .map((r) => ({
      id: r.id,
      description: r.description,
      severity: r.severity,
      before: beforeRules.get(r.id) ?? 0,
      after: r.count,
    }))
    .filter((r) => r.before !== r.after);
  return {
    columnsAdded: current.columns.filter((c) => !before.has(key(c))).map((c) => c.name),
    columnsMissing: baseline.columns.filter((c) => !after.has(key(c))).map((c) => c.name),
    typeChanges,
    rows: { before: baseline.rows_in, after: current.rows_in },
    rejectionRate: { before: rate(baseline), after: rate(current) },
    rules,
  };
}

/** True when nothing a person would care about changed. */
export const isUnchanged = (d: ProfileDiff): boolean =>
  d.columnsAdded.length === 0 &&
  d.columnsMissing.length === 0 &&
  d.typeChanges.length === 0 &&
  d.rows.before === d.rows.after &&
  d.rules.length === 0;
