import type { FileHandle } from 'node:fs/promises';
import { inflateEntry, type ReadBudget } from './entry-stream';
import { collectText, elementPrefix } from './xml-text';
import { formatBytes, inputInvalid } from './limits';
import type { ZipEntry } from './zip-directory';

/** Streams sharedStrings.xml into an array, one `<si>` at a time, without holding the whole XML text. */
export async function readSharedStrings(
  fh: FileHandle,
  entry: ZipEntry,
  budget: ReadBudget,
): Promise<string[]> {
  const out: string[] = [];
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let bytes = 0;
  const max = budget.limits.maxSharedStringBytes;
  let prefix: string | null = null;
  const drain = (): void => {
    prefix ??= elementPrefix(buf.slice(0, 4096), 'sst');
    const SI = `<${prefix}si`;
    const SI_END = `</${prefix}si>`;
    let p = 0;
    for (;;) {
      const s = buf.indexOf(SI, p);
      if (s < 0) {
        p = Math.max(p, buf.length - 16);
        break;
      }
      const gt = buf.indexOf('>', s);
      if (gt < 0) {
        p = s;
        break;
      }
      if (buf.charCodeAt(gt - 1) === 47) {
        out.push('');
        p = gt + 1;
        continue;
      }
      const e = buf.indexOf(SI_END, gt);
      if (e < 0) {
        p = s;
        break;
      }
      out.push(collectText(buf, gt + 1, e, prefix));
      p = e + SI_END.length;
    }
    buf = buf.slice(p);
  };
  for await (const chunk of inflateEntry(fh, entry, budget)) {
    bytes += chunk.length;
    if (bytes > max) {
      throw inputInvalid(
        `The workbook's shared strings are larger than ${formatBytes(max)}.`,
        'Split the data into smaller workbooks or raise the limit in Settings.',
      );
    }
    buf += decoder.decode(chunk, { stream: true });
    drain();
  }
  buf += decoder.decode();
  drain();
  return out;
}
