import { describe, expect, it } from 'vitest';
import { parseDemoSpeed } from '../../../src/main/demo/demo-speed';

describe('PORTAL_DEMO_SPEED', () => {
  it('is absent (the emulator default) when unset or blank', () => {
    expect(parseDemoSpeed(undefined)).toBeUndefined();
    expect(parseDemoSpeed(' ')).toBeUndefined();
  });

  it('accepts a pace from 0.01 to 100', () => {
    expect(parseDemoSpeed('0.1')).toBe(0.1);
    expect(parseDemoSpeed('100')).toBe(100);
  });

  it('refuses anything else with what to do', () => {
    for (const bad of ['0', '-1', 'fast', '101', 'NaN']) {
      expect(() => parseDemoSpeed(bad)).toThrow(/from 0\.01 to 100.*Unset it/);
    }
  });
});
