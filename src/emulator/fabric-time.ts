// Fabric prints job timestamps in UTC with 7 fractional digits and no zone suffix,
// e.g. 2023-04-22T06:35:00.7812154. JS clocks have millisecond resolution, so the last
// four digits come from the sub-millisecond part of the monotonic clock.
export function fabricTimestamp(date: Date = new Date()): string {
  const subMs = Math.floor((performance.now() % 1) * 10_000);
  return `${date.toISOString().slice(0, 23)}${String(subMs).padStart(4, '0')}`;
}

/** RFC 1123 date, as storage services send in Last-Modified and Date. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}
