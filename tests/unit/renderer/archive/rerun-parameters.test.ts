import { describe, expect, it } from 'vitest';
import { parameterErrors, toParameters } from '../../../../src/renderer/src/pages/archive/rerun-parameters';

describe('re-run parameters', () => {
  it('accepts identifier names and refuses reserved, repeated and malformed ones', () => {
    expect(parameterErrors([{ name: 'region', value: 'EMEA' }])).toEqual({ ok: true, rows: [undefined] });
    const p = parameterErrors([
      { name: 'run_id', value: '1' },
      { name: '9lives', value: '' },
      { name: 'a', value: '' },
      { name: 'a', value: '' },
      { name: 'b', value: 'x'.repeat(1001) },
    ]);
    expect(p.ok).toBe(false);
    expect(p.rows.map((r) => r?.name)).toEqual([
      'run_id is set by the portal',
      'Letters, digits and _, starting with a letter (max 64)',
      undefined,
      'Given twice',
      'The value is longer than 1000 characters',
    ]);
  });

  it('refuses more than 50 and trims names into the parameter record', () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ name: `p${i}`, value: '' }));
    expect(parameterErrors(many)).toMatchObject({ ok: false, general: 'At most 50 parameters' });
    expect(toParameters([{ name: ' region ', value: ' EMEA' }])).toEqual({ region: ' EMEA' });
  });
});
