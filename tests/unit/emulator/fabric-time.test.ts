import { describe, expect, it } from 'vitest';
import { fabricTimestamp } from '../../../src/emulator/fabric-time';

describe('fabricTimestamp', () => {
  it('prints UTC with 7 fractional digits and no zone, like Fabric', () => {
    const s = fabricTimestamp(new Date('2023-04-22T06:35:00.781Z'));
    expect(s).toMatch(/^2023-04-22T06:35:00\.781\d{4}$/);
  });
});
