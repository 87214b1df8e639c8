// The re-run dialog's parameter rows, checked by the same rules main applies (runs.start refuses the
// rest with a VALIDATION error too); repeated here so mistakes show while typing.

export interface ParamRow {
  name: string;
  value: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RESERVED = new Set(['run_id', 'input_path', 'requested_by']);
const MAX_PARAMS = 50;
const MAX_VALUE = 1_000;

export interface ParamProblems {
  ok: boolean;
  rows: ({ name?: string } | undefined)[];
  general?: string;
}

export function parameterErrors(rows: readonly ParamRow[]): ParamProblems {
  const seen = new Map<string, number>();
  const out: ParamProblems = { ok: true, rows: [] };
  rows.forEach((r, i) => {
    const name = r.name.trim();
    let problem: string | undefined;
    if (!NAME.test(name)) problem = 'Letters, digits and _, starting with a letter (max 64)';
    else if (RESERVED.has(name)) problem = `${name} is set by the portal`;
    else if (seen.has(name)) problem = 'Given twice';
    else if (r.value.length > MAX_VALUE) problem = `The value is longer than ${MAX_VALUE} characters`;
    seen.set(name, i);
    out.rows[i] = problem ? { name: problem } : undefined;
    if (problem) out.ok = false;
  });
  if (rows.length > MAX_PARAMS) {
    out.ok = false;
    out.general = `At most ${MAX_PARAMS} parameters`;
  }
  return out;
}

export const toParameters = (rows: readonly ParamRow[]): Record<string, string> =>
  Object.fromEntries(rows.map((r) => [r.name.trim(), r.value]));
