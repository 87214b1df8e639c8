import { expect, it } from 'vitest';
import { describeWithPython } from '../support/python';
import { callNotebook } from './support/notebook-functions';

// The notebook's number formatting, rounding and trimming against JavaScript's own, on many values: these
// are where a Python and a TypeScript implementation most easily drift apart by one digit or one cent.

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20261126);
const EDGES = [
  0,
  1,
  -1,
  0.1,
  0.2 + 0.1,
  1e21,
  1e20,
  123456789012345680000,
  1e-6,
  1e-7,
  1.5e-7,
  5e-324,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER,
  2 ** 53,
  1 / 3,
  2 / 3,
  1.005,
  2.675,
  0.125,
  0.375,
  1234.5,
  9.995,
  100,
  45306.75,
];
const SAMPLES = [
  ...EDGES,
  ...EDGES.map((x) => -x),
  ...Array.from({ length: 3000 }, (_, i) => {
    const magnitude = 10 ** Math.floor(random() * 44 - 22);
    const x = (random() - 0.5) * magnitude;
    // also two-decimal money values and exact ties at the cent (x.xx5)
    if (i % 3 === 1) return Math.round(x * 100) / 100;
    if (i % 3 === 2) return Math.round(random() * 1e6) / 1000 + 0.005;
    return x;
  }),
];

function jsRound2(x: number): number {
  const r = x >= 0 ? Number(x.toFixed(2)) : -Number((-x).toFixed(2));
  return r === 0 ? 0 : r;
}

describeWithPython('notebook primitives vs JavaScript', (python) => {
  it('formats every number like String(number)', async () => {
    const got = await callNotebook(
      python,
      SAMPLES.map((x) => ({ fn: 'js_number', args: [x] })),
    );
    const mismatches = SAMPLES.map((x, i) => [x, got[i], String(x)]).filter(([, g, w]) => g !== w);
    expect(mismatches).toEqual([]);
  });

  it('rounds to cents like the contract (half away from zero on the exact value, no -0)', async () => {
    const finite = SAMPLES.filter((x) => Math.abs(x) < 1e21);
    const got = await callNotebook(
      python,
      finite.map((x) => ({ fn: 'round2', args: [x] })),
    );
    const mismatches = finite
      .map((x, i) => [x, got[i], jsRound2(x)] as const)
      .filter(([, g, w]) => !Object.is(g === 0 ? 0 : g, w) || (g === 0 && Object.is(g, -0)));
    expect(mismatches).toEqual([]);
  });

  it('trims exactly what String.prototype.trim trims', async () => {
    const whitespace = Array.from({ length: 0x3100 }, (_, c) => String.fromCharCode(c)).concat('\ufeff');
    const texts = whitespace.map((ch) => `${ch}x${ch}`);
    const got = await callNotebook(
      python,
      texts.map((t) => ({ fn: 'js_trim', args: [t] })),
    );
    const mismatches = texts
      .map((t, i) => [t.codePointAt(0), got[i], t.trim()])
      .filter(([, g, w]) => g !== w);
    expect(mismatches).toEqual([]);
  });
});
