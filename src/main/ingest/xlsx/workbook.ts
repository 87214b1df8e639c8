import { open, stat, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/contract/errors';
import type { SheetRow } from './cell';
import { ReadBudget, inflateEntry, readEntryText } from './entry-stream';
import { formatBytes, inputInvalid, withLimits, type XlsxLimits } from './limits';
import { readSharedStrings } from './shared-strings';
import { SheetScanner } from './sheet-scanner';
import { parseDateStyles } from './styles';
import { attr, decodeXmlText, elementPrefix } from './xml-text';
import { readZipDirectory, type ZipEntry } from './zip-directory';

export interface SheetInfo {
  name: string;
  /** zip entry of the worksheet XML */
  part: string;
}

export interface ReadRowsOptions {
  /** called with the number of rows read so far, about every 10,000 rows */
  onProgress?: (rowsRead: number) => void;
}

export interface ReadStats {
  rowsRead: number;
  cellsRead: number;
  inflatedBytes: number;
  compressedBytesRead: number;
}

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const PROGRESS_EVERY = 10_000;
const NOT_XLSX_HINT = 'Choose an Excel workbook saved as .xlsx (Excel Workbook format).';

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function parseRels(xml: string, ownerPart: string): Map<string, { type: string; target: string }> {
  const map = new Map<string, { type: string; target: string }>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id === null || target === null) continue;
    map.set(id, { type: attr(m[0], 'Type') ?? '', target: resolvePart(ownerPart, decodeXmlText(target)) });
  }
  return map;
}

/**
 * An opened .xlsx: the zip directory, workbook metadata, shared strings and date styles are read up front
 * (shared strings by their directory offset, whatever their position in the zip); worksheet rows stream.
 */
export class XlsxWorkbook {
  readonly stats: ReadStats = { rowsRead: 0, cellsRead: 0, inflatedBytes: 0, compressedBytesRead: 0 };
  private constructor(
    private readonly fh: FileHandle,
    private readonly entries: Map<string, ZipEntry>,
    private readonly budget: ReadBudget,
    readonly sheets: SheetInfo[],
    readonly date1904: boolean,
    private readonly sharedStringsPart: string | null,
    private readonly stylesPart: string | null,
  ) {}

  static async open(
    path: string,
    limitsIn?: Partial<XlsxLimits>,
    signal?: AbortSignal,
  ): Promise<XlsxWorkbook> {
    const limits = withLimits(limitsIn);
    let size: number;
    try {
      const st = await stat(path);
      if (!st.isFile()) throw inputInvalid(`${path} is not a file.`, 'Choose an .xlsx workbook.');
      size = st.size;
    } catch (e) {
      if (e instanceof AppError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        throw new AppError('NOT_FOUND', `The workbook ${path} does not exist.`, 'Check the path.');
      throw inputInvalid(
        `The workbook ${path} cannot be read (${code ?? 'error'}).`,
        'Check that it is readable.',
        e,
      );
    }
    if (size > limits.maxFileBytes) {
      throw inputInvalid(
        `The workbook is ${formatBytes(size)}, more than the limit of ${formatBytes(limits.maxFileBytes)}.`,
        'Split the data into smaller workbooks or raise the limit in Settings.',
      );
    }
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw inputInvalid(
        `The workbook ${path} cannot be opened (${code ?? 'error'}).`,
        'Check that it is readable.',
        e,
      );
    }
    try {
      return await XlsxWorkbook.init(fh, size, new ReadBudget(limits, signal));
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  private static async init(fh: FileHandle, size: number, budget: ReadBudget): Promise<XlsxWorkbook> {
    const list = await readZipDirectory(fh, size, budget.limits);
    const entries = new Map(list.map((e) => [e.name, e]));
    if (list.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name))) {
      throw inputInvalid(
        'The workbook contains macros (vbaProject.bin); macro-enabled workbooks are not accepted.',
        'Open it in Excel and save it as .xlsx (Excel Workbook), which removes the macros.',
      );
    }
    if (entries.has('EncryptionInfo') || entries.has('EncryptedPackage')) {
      throw inputInvalid(
        'The workbook is password-protected; save it without a password.',
        'Open it in Excel, remove the password (File > Info > Protect Workbook) and save it as .xlsx.',
      );
    }
    const text = async (name: string, max?: number): Promise<string | null> => {
      const entry = entries.get(name);
      return entry ? readEntryText(fh, entry, budget, max) : null;
    };
    const rootRels = await text('_rels/.rels');
    let workbookPart = 'xl/workbook.xml';
    if (rootRels !== null) {
      for (const rel of parseRels(rootRels, '').values()) {
        if (rel.type.endsWith('/officeDocument')) workbookPart = rel.target;
      }
    }
    const workbookXml = await text(workbookPart);
    if (workbookXml === null) {
      throw inputInvalid(
        'The file is a zip archive but not an Excel workbook (it has no workbook part).',
        NOT_XLSX_HINT,
      );
    }
    const relsPart = resolvePart(workbookPart, '_rels/' + workbookPart.split('/').pop() + '.rels');
    const relsXml = (await text(relsPart)) ?? '';
    const rels = parseRels(relsXml, workbookPart);
    const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(workbookXml);
    const d1904 = pr ? attr(pr[0], 'date1904') : null;
    const date1904 = d1904 === '1' || d1904 === 'true';
    const sheets: SheetInfo[] = [];
    for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
      const name = decodeXmlText(attr(m[0], 'name') ?? '');
      const rid = /\s(?:\w+:)?id="([^"]*)"/.exec(m[0])?.[1];
      const rel = rid === undefined ? undefined : rels.get(rid);
      if (rel && rel.type.endsWith('/worksheet') && entries.has(rel.target))
        sheets.push({ name, part: rel.target });
    }
    if (sheets.length === 0) {
      throw inputInvalid(
        'The workbook has no worksheet.',
        'Add the sales data to a worksheet and save again.',
      );
    }
    let sst: string | null = null;
    let styles: string | null = null;
    for (const rel of rels.values()) {
      if (rel.type === REL_NS + 'sharedStrings' || rel.type.endsWith('/sharedStrings')) sst = rel.target;
      if (rel.type === REL_NS + 'styles' || rel.type.endsWith('/styles')) styles = rel.target;
    }
    return new XlsxWorkbook(fh, entries, budget, sheets, date1904, sst, styles);
  }

  /** The sheet the contract reads: `sales_orders_fact` (any case) if present, else the first worksheet. */
  defaultSheet(): SheetInfo {
    return (
      this.sheets.find((s) => s.name.trim().toLowerCase() === 'sales_orders_fact') ??
      (this.sheets[0] as SheetInfo)
    );
  }

  /**
   * Streams the non-empty rows of a worksheet. Breaking out of the loop stops reading: nothing after the
   * last needed row is inflated.
   */
  async *rows(
    sheet: SheetInfo = this.defaultSheet(),
    options: ReadRowsOptions = {},
  ): AsyncGenerator<SheetRow> {
    const { limits } = this.budget;
    const sstEntry = this.sharedStringsPart === null ? undefined : this.entries.get(this.sharedStringsPart);
    const sharedStrings = sstEntry ? await readSharedStrings(this.fh, sstEntry, this.budget) : [];
    const stylesEntry = this.stylesPart === null ? undefined : this.entries.get(this.stylesPart);
    const dateStyles = stylesEntry
      ? parseDateStyles(await readEntryText(this.fh, stylesEntry, this.budget))
      : [];
    const entry = this.entries.get(sheet.part);
    if (!entry)
      throw inputInvalid(`The worksheet ${sheet.name} is missing from the workbook.`, 'Re-save it in Excel.');
    let scanner: SheetScanner | null = null;
    const decoder = new TextDecoder('utf-8');
    let nextProgress = PROGRESS_EVERY;
    for await (const chunk of inflateEntry(this.fh, entry, this.budget)) {
      const text = decoder.decode(chunk, { stream: true });
      scanner ??= new SheetScanner(
        sharedStrings,
        dateStyles,
        elementPrefix(text.slice(0, 4096), 'worksheet'),
      );
      const rows = scanner.push(text);
      this.syncStats(scanner);
      if (scanner.cellCount > limits.maxCells) {
        throw inputInvalid(
          `The worksheet has more than ${limits.maxCells.toLocaleString('en-US')} cells.`,
          'Split the data into smaller workbooks or raise the limit in Settings.',
        );
      }
      for (const row of rows) {
        this.stats.rowsRead++;
        // The header row is not a data row, hence the + 1.
        if (this.stats.rowsRead > limits.maxRows + 1) {
          throw inputInvalid(
            `The worksheet has more than ${limits.maxRows.toLocaleString('en-US')} data rows.`,
            'Split the data into smaller workbooks or raise the limit in Settings.',
          );
        }
        yield row;
      }
      if (options.onProgress && this.stats.rowsRead >= nextProgress) {
        options.onProgress(this.stats.rowsRead);
        nextProgress = this.stats.rowsRead + PROGRESS_EVERY;
      }
      if (scanner.finished) break;
    }
    options.onProgress?.(this.stats.rowsRead);
  }

  private syncStats(scanner: SheetScanner): void {
    this.stats.cellsRead = scanner.cellCount;
    this.stats.inflatedBytes = this.budget.inflatedBytes;
    this.stats.compressedBytesRead = this.budget.compressedBytesRead;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
