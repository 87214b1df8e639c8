// The run parameters being edited (Import's run dialog, Archive's re-run dialog), checked by the rules main
// applies to runs.start (which refuses the rest with a VALIDATION error too), so mistakes show while typing.

export interface ParamRow {
  name: string;
  value: string;
}

export interface ParamProblems {
  ok: boolean;
  /** per row: what is wrong with its name or value, or undefined */
  rows: (string | undefined)[];
  /** a problem of the whole list (too many rows) */
  general?: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RESERVED = new Set(['run_id', 'input_path', 'requested_by']);
export const MAX_PARAMS = 50;
export const MAX_VALUE = 1_000;

/** A row with neither name nor value: added and left alone, it is dropped rather than refused. */
const isBlank = (r: ParamRow): boolean => r.name.trim() === '' && r.value === '';

export function parameterProblems(rows: readonly ParamRow[]): ParamProblems {
  const seen = new Set<string>();
  const out: ParamProblems = { ok: true, rows: [] };
  rows.forEach((r, i) => {
    const name = r.name.trim();
    let problem: string | undefined;
    if (isBlank(r)) problem = undefined;
    else if (!NAME.test(name)) problem = 'Letters, digits and _, starting with a letter (max 64)';
    else if (RESERVED.has(name)) problem = `${name} is set by the portal`;
    else if (seen.has(name)) problem = 'Given twice';
    else if (r.value.length > MAX_VALUE) problem = `The value is longer than ${MAX_VALUE} characters`;
    if (!isBlank(r)) seen.add(name);
    out.rows[i] = problem;
    if (problem) out.ok = false;
  });
  if (rows.length > MAX_PARAMS) {
    out.ok = false;
    out.general = `At most ${MAX_PARAMS} parameters`;
  }
  return out;
}

/** The parameter record runs.start receives: names trimmed, blank rows dropped, values as typed. */
export const toParameters = (rows: readonly ParamRow[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => !isBlank(r)).map((r) => [r.name.trim(), r.value]));

export const toRows = (parameters: Readonly<Record<string, string>>): ParamRow[] =>
  Object.entries(parameters).map(([name, value]) => ({ name, value }));
