const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML character references and OOXML's `_xHHHH_` escapes (used for control characters). */
export function decodeXmlText(s: string): string {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, ref: string) => {
      if (ref.charCodeAt(0) !== 35) return NAMED[ref] ?? '';
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
    });
  }
  if (s.indexOf('_x') >= 0) {
    s = s.replace(/_x([0-9a-fA-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return s;
}

/** Value of attribute `name` inside one start tag `tag` (`<c r="A1" t="s">`), or null. */
export function attr(tag: string, name: string): string | null {
  const key = ` ${name}="`;
  let i = tag.indexOf(key);
  let quote = '"';
  if (i < 0) {
    i = tag.indexOf(` ${name}='`);
    if (i < 0) return null;
    quote = "'";
  }
  const start = i + key.length;
  const end = tag.indexOf(quote, start);
  return end < 0 ? null : tag.slice(start, end);
}

/**
 * Concatenated text of the `<t>` elements in `xml[from, to)`, skipping phonetic runs (`<rPh>`), which
 * Excel does not show as part of the value.
 */
export function collectText(whole: string, from: number, to: number, prefix = ''): string {
  // Work on the element alone so that no search below can run past it into the rest of the buffer.
  const xml = whole.slice(from, to);
  from = 0;
  to = xml.length;
  let out = '';
  let p = from;
  const T = `<${prefix}t`;
  const T_END = `</${prefix}t>`;
  const RPH = `<${prefix}rPh`;
  const RPH_END = `</${prefix}rPh>`;
  let rph = xml.indexOf(RPH, from);
  if (rph >= to) rph = -1;
  for (;;) {
    const t = xml.indexOf(T, p);
    if (t < 0 || t >= to) break;
    if (rph >= 0 && t > rph) {
      const rphEnd = xml.indexOf(RPH_END, rph);
      if (rphEnd < 0 || rphEnd >= to) break;
      p = rphEnd + RPH_END.length;
      rph = xml.indexOf(RPH, p);
      if (rph >= to) rph = -1;
      continue;
    }
    const next = xml.charCodeAt(t + T.length);
    if (next !== 62 /* > */ && next !== 32 /* space */ && next !== 47 /* / */) {
      p = t + T.length;
      continue;
    }
    const gt = xml.indexOf('>', t);
    if (xml.charCodeAt(gt - 1) === 47) {
      p = gt + 1;
      continue;
    }
    const close = xml.indexOf(T_END, gt);
    if (close < 0 || close > to) break;
    out += xml.slice(gt + 1, close);
    p = close + T_END.length;
  }
  return decodeXmlText(out);
}

/** The namespace prefix (`x:`) a part uses for its root element `name`, or '' (most writers use none). */
export function elementPrefix(head: string, name: string): string {
  const m = new RegExp(`<(?:([A-Za-z_][\\w.-]*):)?${name}[\\s>/]`).exec(head);
  return m?.[1] ? m[1] + ':' : '';
}
