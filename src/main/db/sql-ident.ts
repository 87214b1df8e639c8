/** Quotes a name for use as an SQL identifier (channel, role, savepoint). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
