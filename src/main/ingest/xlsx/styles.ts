import { attr, decodeXmlText } from './xml-text';

// Built-in number formats that display dates or times (ECMA-376 part 1, 18.8.30).
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function isDateFormatCode(code: string): boolean {
  // Quoted literals, escaped characters and [colour]/[locale] sections do not make a format a date.
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  const firstSection = bare.split(';')[0] ?? '';
  return /[dmyhs]/i.test(firstSection) && !/^general$/i.test(firstSection.trim());
}

/** For each cell style index (`s` attribute), whether its number format shows a date. */
export function parseDateStyles(stylesXml: string): boolean[] {
  const custom = new Map<number, boolean>();
  const fmtRe = /<(?:\w+:)?numFmt\b[^>]*>/g;
  for (const m of stylesXml.matchAll(fmtRe)) {
    const id = Number(attr(m[0], 'numFmtId'));
    const code = decodeXmlText(attr(m[0], 'formatCode') ?? '');
    custom.set(id, isDateFormatCode(code));
  }
  const start = stylesXml.search(/<(?:\w+:)?cellXfs\b/);
  if (start < 0) return [];
  const rest = stylesXml.slice(start);
  const end = rest.search(/<\/(?:\w+:)?cellXfs>/);
  const section = end < 0 ? rest : rest.slice(0, end);
  const result: boolean[] = [];
  for (const m of section.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId') ?? '0');
    result.push(custom.get(id) ?? BUILTIN_DATE_FORMATS.has(id));
  }
  return result;
}
