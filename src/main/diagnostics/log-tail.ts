import { open } from 'node:fs/promises';

/** Only the end of the log is read: the report wants the latest problems, not the whole history. */
const TAIL_BYTES = 256 * 1024;

/**
 * The last warnings and errors of a JSON-lines log file as short readable lines, oldest first. A missing or
 * unreadable file gives none: the report must not fail because the log does.
 */
export async function recentLogProblems(path: string, max = 10): Promise<string[]> {
  let text: string;
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const start = Math.max(0, size - TAIL_BYTES);
      const buf = Buffer.alloc(size - start);
      await file.read(buf, 0, buf.length, start);
      text = buf.toString('utf8');
    } finally {
      await file.close();
    }
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const entry = parseEntry(line);
    if (entry && (entry.level === 'error' || entry.level === 'warn')) {
      const detail = typeof entry.error === 'string' ? ` — ${entry.error}` : '';
      out.push(`${entry.time} ${entry.level.toUpperCase()} ${entry.msg}${detail}`);
    }
  }
  return out.slice(-max);
}

function parseEntry(line: string): { time: string; level: string; msg: string; error?: unknown } | null {
  if (!line.startsWith('{')) return null;
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    if (typeof v.time !== 'string' || typeof v.level !== 'string' || typeof v.msg !== 'string') return null;
    return { time: v.time, level: v.level, msg: v.msg, error: v.error };
  } catch {
    return null;
  }
}
