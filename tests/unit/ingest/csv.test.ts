import { describe, expect, it } from 'vitest';
import { csvText, neutraliseFormula, quoteCsv } from '../../../src/main/ingest/csv';

describe('CSV escaping', () => {
  it('quotes fields with comma, quote, CR or LF and doubles quotes (RFC 4180)', () => {
    expect(quoteCsv('plain')).toBe('plain');
    expect(quoteCsv('a,b')).toBe('"a,b"');
    expect(quoteCsv('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsv('two\nlines')).toBe('"two\nlines"');
    expect(quoteCsv('cr\rhere')).toBe('"cr\rhere"');
  });
  it('neutralises formula injection with a leading apostrophe', () => {
    for (const s of ['=SUM(A1)', '+1', '-rush', '@cmd', '\tx', '\rx'])
      expect(neutraliseFormula(s)).toBe("'" + s);
    expect(neutraliseFormula('safe=1')).toBe('safe=1');
  });
  it('applies both, injection first, and writes missing as empty', () => {
    expect(csvText('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvText(null)).toBe('');
  });
});
