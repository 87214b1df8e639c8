import { describe, expect, it } from 'vitest';
import { FlagReader, parseArgs } from '../../../src/cli/args';
import { EXIT, exitCodeFor } from '../../../src/cli/exit-codes';
import { runCli } from '../../../src/cli/index';
import { isInputPath, runsChannels } from '../../../src/shared/contract/runs';

describe('portal CLI arguments', () => {
  it('splits words, repeated flags, --flag=value and booleans', () => {
    const a = parseArgs([
      'runs',
      'start',
      '--input',
      'x.xlsx',
      '--param',
      'a=1',
      '--param=b=2',
      '--wait',
      '--json',
    ]);
    expect(a.words).toEqual(['runs', 'start']);
    expect(a.flags.get('param')).toEqual(['a=1', 'b=2']);
    expect([...a.bools].sort()).toEqual(['json', 'wait']);
  });

  it('refuses a value-less flag, a value on a boolean, an unknown flag and a flag given twice', () => {
    expect(() => parseArgs(['--input'])).toThrow(/--input needs a value/);
    expect(() => parseArgs(['--json=yes'])).toThrow(/takes no value/);
    const r = new FlagReader(parseArgs(['--inptu', 'x']));
    expect(() => r.done('runs start')).toThrow(/has no option --inptu/);
    expect(() => new FlagReader(parseArgs(['--run', 'a', '--run', 'b'])).one('run')).toThrow(/given 2 times/);
    expect(() => new FlagReader(parseArgs(['--limit', '0'])).int('limit', 1, 200)).toThrow(/from 1 to 200/);
  });

  it('maps error codes to the documented exit codes', () => {
    expect(exitCodeFor('VALIDATION')).toBe(EXIT.USAGE);
    expect(exitCodeFor('LOCKED')).toBe(3);
    expect(exitCodeFor('NOT_FOUND')).toBe(4);
    expect(exitCodeFor('FABRIC_THROTTLED')).toBe(5);
    expect(exitCodeFor('OFFLINE')).toBe(5);
    expect(exitCodeFor('DB_UNAVAILABLE')).toBe(6);
    expect(exitCodeFor('INPUT_INVALID')).toBe(1);
  });

  it('answers usage errors with exit 2 and one JSON document under --json, without touching any service', async () => {
    let stdout = '';
    const io = { env: {}, stdout: (s: string) => void (stdout += s), stderr: () => undefined };
    expect(await runCli(['runs', 'start', '--json'], io)).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('--input') }),
    });
    stdout = '';
    expect(await runCli(['runs', 'show', '--json'], io)).toBe(2);
    expect(JSON.parse(stdout).error.code).toBe('VALIDATION');
    expect(await runCli([], io)).toBe(2);
  });
});

describe('runs contract inputs', () => {
  it('accepts workbooks under Files/import only', () => {
    expect(isInputPath('Files/import/sales.xlsx')).toBe(true);
    expect(isInputPath('Files/import/2024/Q1 sales.XLSX')).toBe(true);
    for (const bad of [
      'Files/import/../x.xlsx',
      'Files/results/x.xlsx',
      'Files/import/x.csv',
      'Files/import//x.xlsx',
      'Files/import/a\u0000.xlsx',
    ]) {
      expect(isInputPath(bad), bad).toBe(false);
    }
  });

  it('refuses reserved and malformed parameter names', () => {
    const start = runsChannels['runs.start'].input;
    expect(
      start.safeParse({ inputPath: 'Files/import/a.xlsx', parameters: { region: 'EMEA' } }).success,
    ).toBe(true);
    expect(start.safeParse({ inputPath: 'Files/import/a.xlsx', parameters: { run_id: 'x' } }).success).toBe(
      false,
    );
    expect(
      start.safeParse({ inputPath: 'Files/import/a.xlsx', parameters: { 'bad name': 'x' } }).success,
    ).toBe(false);
  });
});
