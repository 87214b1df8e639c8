import { describe, expect, it } from 'vitest';
import { compareKpis, deltaTone } from '../../../../src/renderer/src/pages/archive/archive-compare';
import { makeKpis } from './fixtures';

describe('the tone of a KPI difference', () => {
  it('is good news when a higher-is-better KPI rises and bad news when it falls', () => {
    expect(deltaTone(5, 'higher')).toBe('good');
    expect(deltaTone(-5, 'higher')).toBe('bad');
  });

  it('is bad news when rejected rows or duplicates rise, good news when they fall', () => {
    expect(deltaTone(1_453, 'lower')).toBe('bad');
    expect(deltaTone(-1_453, 'lower')).toBe('good');
  });

  it('is neutral for rows read, and none without a difference', () => {
    expect(deltaTone(49_819, 'either')).toBe('neutral');
    expect(deltaTone(0, 'higher')).toBe('none');
    expect(deltaTone(undefined, 'lower')).toBe('none');
  });

  it('is carried by each compared KPI row', () => {
    const rows = compareKpis([makeKpis('a'), makeKpis('b')]);
    const better = Object.fromEntries(rows.map((r) => [r.key, r.better]));
    expect(better).toMatchObject({
      total_revenue: 'higher',
      rows_rejected: 'lower',
      duplicates_removed: 'lower',
      rows_in: 'either',
    });
  });
});
