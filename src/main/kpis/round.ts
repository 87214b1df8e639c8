/**
 * Rounds to 2 decimals, half away from zero on the exact binary value — the same result as Python's
 * Decimal(x).quantize(Decimal('0.01'), ROUND_HALF_UP). toFixed works on the exact value and picks the
 * larger candidate on a tie, which is "away from zero" for x >= 0; negatives are mirrored.
 * Negative zero becomes 0.
 */
export function round2(x: number): number {
  const r = x >= 0 ? Number(x.toFixed(2)) : -Number((-x).toFixed(2));
  return r === 0 ? 0 : r;
}

export function round2OrNull(x: number | null): number | null {
  return x === null ? null : round2(x);
}
