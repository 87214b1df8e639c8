import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/emulator/cli-args';

describe('emulator CLI arguments', () => {
  it('has defaults', () => {
    expect(parseCliArgs([])).toEqual({ port: 0, speed: 1, dedupe: false });
  });

  it('reads every flag, with a space or =', () => {
    expect(parseCliArgs(['--port', '8443', '--lakehouse=/tmp/lh', '--speed', '2.5', '--dedupe'])).toEqual({
      port: 8443,
      lakehouseDir: '/tmp/lh',
      speed: 2.5,
      dedupe: true,
    });
  });

  it('explains bad input', () => {
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port must be 0-65535/);
    expect(() => parseCliArgs(['--speed', '0'])).toThrow(/--speed must be a positive number/);
    expect(() => parseCliArgs(['--lakehouse'])).toThrow(/--lakehouse needs a value/);
    expect(() => parseCliArgs(['--fast'])).toThrow(/unknown option --fast.*usage/);
  });
});
