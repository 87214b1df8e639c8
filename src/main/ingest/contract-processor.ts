import { RULE_IDS, type ImportProfile, type RuleId } from '../../shared/artifacts';
import { KpiAccumulator } from '../kpis/kpi-accumulator';
import { CleanedTable, type CleanedRow } from './cleaned-table';
import type { ContractColumn, HeaderMap } from './header-map';
import { MAX_EXAMPLE_ROWS, MAX_REJECTED_ROWS, RULE_INFO } from './rules';
import type { Cell, SheetRow } from './xlsx/cell';
import {
  UNPARSEABLE,
  formatDay,
  isMissing,
  kindOf,
  parseDate,
  parseDiscount,
  parseNumber,
  toText,
  type Parsed,
  type ValueKind,
} from './values';

interface RuleTally {
  count: number;
  examples: number[];
}

interface ColumnTally {
  nulls: number;
  kinds: Set<ValueKind>;
}

export interface ProcessorOptions {
  date1904: boolean;
  /** keep the valid rows (the engine does; the inspector only needs counts and rules) */
  collectCleaned: boolean;
  /** keep the first N valid rows for display even when not collecting all */
  keepFirst?: number;
}

const RULE_BIT = Object.fromEntries(RULE_IDS.map((id, i) => [id, 1 << i])) as Record<RuleId, number>;

/** A whole number from 1 to 2^53 - 1 (quantity, line_number). */
function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1;
}

function inferType(kinds: Set<ValueKind>): ImportProfile['columns'][number]['inferred_type'] {
  if (kinds.size === 0) return 'empty';
  if (kinds.size === 1) return [...kinds][0] as Exclude<ValueKind, 'empty'>;
  if (kinds.size === 2 && kinds.has('integer') && kinds.has('number')) return 'number';
  return 'mixed';
}

/**
 * The contract's order of processing (docs/data-contract.md): dedupe, validate, clean, accumulate KPIs,
 * one row at a time. The engine and the workbook inspector both run rows through this class, so the
 * inspector's rule results are the engine's.
 */
export class ContractProcessor {
  rowsIn = 0;
  duplicatesRemoved = 0;
  rowsRejected = 0;
  rowsValid = 0;
  readonly kpis = new KpiAccumulator();
  readonly cleaned: CleanedTable;
  private readonly rules = new Map<RuleId, RuleTally>(RULE_IDS.map((id) => [id, { count: 0, examples: [] }]));
  private readonly rejected: ImportProfile['rejected_rows'] = [];
  private readonly columnTallies: ColumnTally[];
  private readonly linePositions = new Map<string, number>();
  private readonly seenKeys = new Set<string>();
  private readonly idx: Partial<Record<ContractColumn, number>>;

  constructor(
    readonly header: HeaderMap,
    private readonly options: ProcessorOptions,
  ) {
    this.idx = header.indexOf;
    this.cleaned = new CleanedTable(header.extras);
    this.columnTallies = header.columns.map(() => ({ nulls: 0, kinds: new Set() }));
  }

  private cell(cells: readonly Cell[], col: ContractColumn): Cell {
    const i = this.idx[col];
    return i === undefined ? null : (cells[i] ?? null);
  }

  private text(cells: readonly Cell[], col: ContractColumn): string | null {
    return toText(this.cell(cells, col), this.options.date1904);
  }

  private hit(rule: RuleId, row: number): void {
    const t = this.rules.get(rule) as RuleTally;
    t.count++;
    if (t.examples.length < MAX_EXAMPLE_ROWS) t.examples.push(row);
  }

  /** Feeds one worksheet row (after the header). Blank rows are ignored. */
  push(row: SheetRow): void {
    const cells = row.cells;
    let blank = true;
    for (const c of cells) {
      if (!isMissing(c)) {
        blank = false;
        break;
      }
    }
    if (blank) return;
    this.rowsIn++;
    this.profileCells(cells);
    // Without every required column the run fails; the profile then describes the columns only.
    if (this.header.missingRequired.length > 0) return;

    const d1904 = this.options.date1904;
    const orderId = this.text(cells, 'order_id');
    let lineNumber: Parsed<number>;
    let derived: number | null = null;
    if (orderId !== null) {
      derived = (this.linePositions.get(orderId) ?? 0) + 1;
      this.linePositions.set(orderId, derived);
    }
    const lineCell = this.cell(cells, 'line_number');
    if (isMissing(lineCell)) {
      lineNumber = derived;
    } else {
      lineNumber = parseNumber(lineCell);
      if (typeof lineNumber === 'number' && !isCount(lineNumber)) lineNumber = UNPARSEABLE;
    }
    if (orderId !== null && typeof lineNumber === 'number') {
      const key = orderId + '\u0000' + lineNumber;
      if (this.seenKeys.has(key)) {
        this.duplicatesRemoved++;
        this.hit('duplicate_key', row.row);
        return;
      }
      this.seenKeys.add(key);
    }

    // Bit i set = RULE_IDS[i] broken (no per-row allocation on the common, valid path).
    let reasons = 0;
    const orderDate = parseDate(this.cell(cells, 'order_date'), d1904);
    const shipDate = parseDate(this.cell(cells, 'ship_date'), d1904);
    const quantity = parseNumber(this.cell(cells, 'quantity'));
    const unitPrice = parseNumber(this.cell(cells, 'unit_price'));
    const discountParsed = parseDiscount(this.cell(cells, 'discount'));
    const unitCost = parseNumber(this.cell(cells, 'unit_cost'));
    const customerId = this.text(cells, 'customer_id');
    const region = this.text(cells, 'region');
    const productId = this.text(cells, 'product_id');
    const category = this.text(cells, 'category');

    if (
      orderId === null ||
      customerId === null ||
      region === null ||
      productId === null ||
      category === null ||
      orderDate === null ||
      quantity === null ||
      unitPrice === null
    ) {
      reasons |= RULE_BIT.required_missing;
    }
    if (
      orderDate === UNPARSEABLE ||
      shipDate === UNPARSEABLE ||
      quantity === UNPARSEABLE ||
      unitPrice === UNPARSEABLE ||
      discountParsed === UNPARSEABLE ||
      unitCost === UNPARSEABLE ||
      lineNumber === UNPARSEABLE
    ) {
      reasons |= RULE_BIT.unparseable_value;
    }
    if (typeof quantity === 'number' && !isCount(quantity)) {
      reasons |= RULE_BIT.quantity_not_positive_integer;
    }
    if (typeof unitPrice === 'number' && unitPrice < 0) reasons |= RULE_BIT.unit_price_negative;
    const discount = discountParsed === null ? 0 : discountParsed;
    if (typeof discount === 'number' && !(discount >= 0 && discount < 1))
      reasons |= RULE_BIT.discount_out_of_range;
    if (typeof unitCost === 'number' && unitCost < 0) reasons |= RULE_BIT.unit_cost_negative;
    if (typeof orderDate === 'number' && typeof shipDate === 'number' && shipDate < orderDate) {
      this.hit('ship_before_order', row.row);
    }

    if (reasons !== 0) {
      this.rowsRejected++;
      const ordered = RULE_IDS.filter((r) => (reasons & RULE_BIT[r]) !== 0);
      for (const r of ordered) this.hit(r, row.row);
      if (this.rejected.length < MAX_REJECTED_ROWS) this.rejected.push({ row: row.row, reasons: ordered });
      return;
    }
    this.rowsValid++;
    // Every narrowing below is guaranteed by the rules above; the casts only tell TypeScript.
    const q = quantity as number;
    const p = unitPrice as number;
    const d = discount as number;
    const cost = unitCost === null ? null : (unitCost as number);
    const net = q * p * (1 - d);
    const productName = this.text(cells, 'product_name');
    this.kpis.add({
      orderId: orderId as string,
      orderDate: formatDay(orderDate as number),
      region: region as string,
      category: category as string,
      productId: productId as string,
      productName,
      quantity: q,
      net,
      unitCost: cost,
    });
    const keep = this.options.collectCleaned || this.cleaned.length < (this.options.keepFirst ?? 0);
    if (!keep) return;
    const cleaned: CleanedRow = {
      order_id: orderId as string,
      line_number: lineNumber as number,
      order_date: orderDate as number,
      ship_date: shipDate as number | null,
      customer_id: customerId as string,
      customer_name: this.text(cells, 'customer_name'),
      region: region as string,
      country: this.text(cells, 'country'),
      product_id: productId as string,
      product_name: productName,
      category: category as string,
      channel: this.text(cells, 'channel'),
      quantity: q,
      unit_price: p,
      discount: d,
      unit_cost: cost,
      net_revenue: net,
      extras: this.header.extras.map((c) => toText(cells[c.index] ?? null, d1904)),
    };
    this.cleaned.push(cleaned);
  }

  private profileCells(cells: readonly Cell[]): void {
    const cols = this.header.columns;
    for (let i = 0; i < cols.length; i++) {
      const tally = this.columnTallies[i] as ColumnTally;
      const kind = kindOf(cells[(cols[i] as (typeof cols)[number]).index] ?? null);
      if (kind === 'empty') tally.nulls++;
      else tally.kinds.add(kind);
    }
  }

  counts(): { rows_in: number; duplicates_removed: number; rows_rejected: number; rows_valid: number } {
    return {
      rows_in: this.rowsIn,
      duplicates_removed: this.duplicatesRemoved,
      rows_rejected: this.rowsRejected,
      rows_valid: this.rowsValid,
    };
  }

  profile(sheet: string): ImportProfile {
    const warnings: string[] = [];
    for (const h of this.header.duplicateHeaders) {
      warnings.push(
        `Column "${h}" repeats a contract column already present; it is carried as an extra column.`,
      );
    }
    const ship = this.rules.get('ship_before_order') as RuleTally;
    if (ship.count > 0)
      warnings.push(`${ship.count} row(s) have ship_date earlier than order_date; they were kept.`);
    const truncated = this.rowsRejected > this.rejected.length;
    if (truncated) {
      warnings.push(`Only the first ${MAX_REJECTED_ROWS} of ${this.rowsRejected} rejected rows are listed.`);
    }
    return {
      schema_version: 1,
      sheet,
      rows_in: this.rowsIn,
      columns: this.header.columns.map((c, i) => {
        const tally = this.columnTallies[i] as ColumnTally;
        return {
          name: c.name,
          canonical: c.canonical,
          required: c.required,
          inferred_type: inferType(tally.kinds),
          null_count: tally.nulls,
        };
      }),
      missing_required: this.header.missingRequired,
      extra_columns: this.header.extras.map((c) => c.outputName),
      rules: RULE_IDS.map((id) => {
        const t = this.rules.get(id) as RuleTally;
        return { id, ...RULE_INFO[id], count: t.count, example_rows: t.examples };
      }),
      rejected_rows: this.rejected,
      rejected_rows_truncated: truncated,
      warnings,
      duplicates_removed: this.duplicatesRemoved,
      rows_rejected: this.rowsRejected,
      rows_valid: this.rowsValid,
    };
  }
}
