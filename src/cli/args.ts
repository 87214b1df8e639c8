import { AppError } from '../shared/contract/errors';

/** argv split into words (command path), repeatable/single flags and booleans. */
export interface ParsedArgs {
  words: string[];
  flags: Map<string, string[]>;
  bools: Set<string>;
}

/** Flags that take no value; every other --flag takes one (as the next word or after "="). */
const BOOLEAN_FLAGS = new Set(['json', 'wait', 'help', 'asc']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const words: string[] = [];
  const flags = new Map<string, string[]>();
  const bools = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h') {
      bools.add('help');
      continue;
    }
    if (!a.startsWith('--')) {
      words.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (name === '') throw usage(`"${a}" is not an option.`);
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq !== -1) throw usage(`--${name} takes no value.`);
      bools.add(name);
      continue;
    }
    const value = eq !== -1 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || value.startsWith('--')) throw usage(`--${name} needs a value.`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { words, flags, bools };
}

export function usage(message: string): AppError {
  return new AppError('VALIDATION', message, 'Run `portal --help` for the commands and options.');
}

/** Reads flags for one command, refusing any it does not know so typos do not pass silently. */
export class FlagReader {
  private readonly used = new Set<string>(['json', 'help', 'profile', 'secrets-toml', 'data-dir']);
  constructor(private readonly args: ParsedArgs) {}

  one(name: string): string | undefined {
    this.used.add(name);
    const v = this.args.flags.get(name);
    if (v && v.length > 1) throw usage(`--${name} is given ${v.length} times; give it once.`);
    return v?.[0];
  }

  many(name: string): string[] {
    this.used.add(name);
    return this.args.flags.get(name) ?? [];
  }

  bool(name: string): boolean {
    this.used.add(name);
    return this.args.bools.has(name);
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.one(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw usage(`--${name} must be a whole number from ${min} to ${max}.`);
    return n;
  }

  /** Call after reading: any flag the command did not read is an error. */
  done(command: string): void {
    for (const name of [...this.args.flags.keys(), ...this.args.bools]) {
      if (!this.used.has(name)) throw usage(`\`portal ${command}\` has no option --${name}.`);
    }
  }
}
