import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ParameterEditor } from '../../../../src/renderer/src/components/ParameterEditor';
import {
  parameterProblems,
  toParameters,
  toRows,
  type ParamRow,
} from '../../../../src/renderer/src/components/ParameterEditorRows';
import { renderMarkup } from '../render';

const render = (rows: ParamRow[]) =>
  renderMarkup(
    createElement(ParameterEditor, {
      rows,
      problems: parameterProblems(rows),
      onChange: () => undefined,
      emptyText: 'No extra parameters.',
    }),
  );

describe('parameter rows', () => {
  it('accepts identifier names and refuses reserved, repeated, malformed and over-long ones', () => {
    expect(parameterProblems([{ name: 'region', value: 'EMEA' }])).toEqual({ ok: true, rows: [undefined] });
    const p = parameterProblems([
      { name: 'run_id', value: '1' },
      { name: '9lives', value: '' },
      { name: 'run id', value: 'x' },
      { name: 'a', value: '' },
      { name: 'a', value: '' },
      { name: 'b', value: 'x'.repeat(1001) },
    ]);
    expect(p.ok).toBe(false);
    expect(p.rows).toEqual([
      'run_id is set by the portal',
      'Letters, digits and _, starting with a letter (max 64)',
      'Letters, digits and _, starting with a letter (max 64)',
      undefined,
      'Given twice',
      'The value is longer than 1000 characters',
    ]);
  });

  it('drops a row left blank instead of refusing it, but refuses a value without a name', () => {
    const rows = [
      { name: '', value: '' },
      { name: 'region', value: 'EMEA' },
    ];
    expect(parameterProblems(rows).ok).toBe(true);
    expect(toParameters(rows)).toEqual({ region: 'EMEA' });
    expect(parameterProblems([{ name: '', value: 'EMEA' }]).rows[0]).toMatch(/^Letters/);
    // Two blank rows are not "given twice".
    expect(parameterProblems([rows[0]!, rows[0]!]).ok).toBe(true);
  });

  it('refuses more than 50, trims names into the record and turns a record into rows', () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ name: `p${i}`, value: '' }));
    expect(parameterProblems(many)).toMatchObject({ ok: false, general: 'At most 50 parameters' });
    expect(toParameters([{ name: ' region ', value: ' EMEA' }])).toEqual({ region: ' EMEA' });
    expect(toRows({ region: 'APAC', year: '2026' })).toEqual([
      { name: 'region', value: 'APAC' },
      { name: 'year', value: '2026' },
    ]);
  });
});

describe('ParameterEditor', () => {
  it('says what happens without parameters and offers to add one', () => {
    const html = render([]);
    expect(html).toContain('No extra parameters.');
    expect(html).toContain('Add parameter');
    expect(html).not.toContain('Name of parameter 1');
  });

  it('names every input and remove button, and shows a row problem under its name', () => {
    const html = render([
      { name: 'region', value: 'EMEA' },
      { name: 'run_id', value: '7' },
    ]);
    expect(html).toContain('aria-label="Name of parameter 1"');
    expect(html).toContain('aria-label="Value of parameter 2"');
    expect(html).toContain('aria-label="Remove parameter region"');
    expect(html).toContain('aria-label="Remove parameter run_id"');
    expect(html).toContain('value="EMEA"');
    expect(html).toContain('run_id is set by the portal');
    expect(html).not.toContain('No extra parameters.');
  });

  it('disables adding at 50 rows and says so past it', () => {
    const rows = Array.from({ length: 51 }, (_, i) => ({ name: `p${i}`, value: '' }));
    const html = render(rows);
    expect(html).toContain('At most 50 parameters');
    expect(html).toMatch(/<button[^>]*disabled[^>]*>(?:(?!<\/button>).)*Add parameter/);
  });
});
