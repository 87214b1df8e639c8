/** Orders strings by Unicode code point (as Python does), not by UTF-16 code unit. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only when one side is a surrogate does code-unit order differ from code-point order.
    if (x >= 0xd800 && x <= 0xdfff && !(y >= 0xd800 && y <= 0xdfff) && y >= 0xe000) return 1;
    if (y >= 0xd800 && y <= 0xdfff && !(x >= 0xd800 && x <= 0xdfff) && x >= 0xe000) return -1;
    return x - y;
  }
  return a.length - b.length;
}
