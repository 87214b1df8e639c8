import { z } from 'zod';

// The JSON artifacts a pipeline run writes to Files/results/runs/<run_id>/. The Fabric notebook
// (Python) and the local engine (TypeScript) must both produce exactly these shapes; docs/data-contract.md
// is the prose version of the same contract.

export const ARTIFACT_FILES = [
  'sales_cleaned.parquet',
  'sales_cleaned.csv',
  'kpis.json',
  'import_profile.json',
  'run_metadata.json',
] as const;
export type ArtifactFile = (typeof ARTIFACT_FILES)[number];

export const REQUIRED_COLUMNS = [
  'order_id',
  'order_date',
  'customer_id',
  'region',
  'product_id',
  'category',
  'quantity',
  'unit_price',
] as const;

export const OPTIONAL_COLUMNS = [
  'line_number',
  'ship_date',
  'customer_name',
  'country',
  'product_name',
  'channel',
  'discount',
  'unit_cost',
] as const;

/** Column order of sales_cleaned.*: these, then net_revenue, then extra input columns in input order. */
export const CLEANED_COLUMNS = [
  'order_id',
  'line_number',
  'order_date',
  'ship_date',
  'customer_id',
  'customer_name',
  'region',
  'country',
  'product_id',
  'product_name',
  'category',
  'channel',
  'quantity',
  'unit_price',
  'discount',
  'unit_cost',
  'net_revenue',
] as const;

/** Rule ids, shared by the notebook, the engine, the inspector and the UI. */
export const RULE_IDS = [
  'duplicate_key',
  'required_missing',
  'unparseable_value',
  'quantity_not_positive_integer',
  'unit_price_negative',
  'discount_out_of_range',
  'unit_cost_negative',
  'ship_before_order',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const money = z.number();

export const KpisSchema = z.object({
  schema_version: z.literal(1),
  run_id: z.string(),
  rows_in: z.number().int().nonnegative(),
  duplicates_removed: z.number().int().nonnegative(),
  rows_rejected: z.number().int().nonnegative(),
  rows_valid: z.number().int().nonnegative(),
  total_revenue: money,
  order_count: z.number().int().nonnegative(),
  units_sold: z.number().int().nonnegative(),
  /** null when there are no orders */
  avg_order_value: money.nullable(),
  /** null when no valid row has unit_cost */
  gross_margin: money.nullable(),
  /** percent (0-100 scale) rounded to 2 decimals; null when no valid row has unit_cost or their revenue is 0 */
  margin_pct: z.number().nullable(),
  /** sorted by revenue descending, then key ascending */
  revenue_by_region: z.array(z.object({ region: z.string(), revenue: money })),
  revenue_by_category: z.array(z.object({ category: z.string(), revenue: money })),
  /** sorted by month ascending */
  revenue_by_month: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), revenue: money })),
  /** at most 10, by revenue descending then product_id ascending; product_name is the first non-empty name seen */
  top_products: z.array(
    z.object({
      product_id: z.string(),
      product_name: z.string().nullable(),
      revenue: money,
      units: z.number().int(),
    }),
  ),
  first_order_date: isoDate.nullable(),
  last_order_date: isoDate.nullable(),
});
export type Kpis = z.infer<typeof KpisSchema>;

export const InferredTypeSchema = z.enum([
  'string',
  'integer',
  'number',
  'date',
  'boolean',
  'empty',
  'mixed',
]);

export const ImportProfileSchema = z.object({
  schema_version: z.literal(1),
  sheet: z.string(),
  /** data rows read (blank rows are skipped and not counted) */
  rows_in: z.number().int().nonnegative(),
  columns: z.array(
    z.object({
      /** header text as written in row 1 */
      name: z.string(),
      /** the contract column it maps to, or null for an extra column */
      canonical: z.string().nullable(),
      required: z.boolean(),
      inferred_type: InferredTypeSchema,
      null_count: z.number().int().nonnegative(),
    }),
  ),
  missing_required: z.array(z.string()),
  extra_columns: z.array(z.string()),
  rules: z.array(
    z.object({
      id: z.enum(RULE_IDS),
      description: z.string(),
      severity: z.enum(['error', 'warning']),
      /** rows affected (a rejected row counts once per rule it breaks) */
      count: z.number().int().nonnegative(),
      /** worksheet row numbers (header is row 1), first five in file order */
      example_rows: z.array(z.number().int().positive()).max(5),
    }),
  ),
  /** every rejected row with the rules it broke, in file order, at most 10,000 */
  rejected_rows: z.array(z.object({ row: z.number().int().positive(), reasons: z.array(z.enum(RULE_IDS)) })),
  rejected_rows_truncated: z.boolean(),
  warnings: z.array(z.string()),
  duplicates_removed: z.number().int().nonnegative(),
  rows_rejected: z.number().int().nonnegative(),
  rows_valid: z.number().int().nonnegative(),
});
export type ImportProfile = z.infer<typeof ImportProfileSchema>;

export const RunMetadataSchema = z.object({
  schema_version: z.literal(1),
  run_id: z.string(),
  status: z.enum(['succeeded', 'failed']),
  parameters: z.record(z.string(), z.string()),
  requested_by: z.string().nullable(),
  input: z.object({
    path: z.string(),
    name: z.string(),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  engine: z.object({ name: z.enum(['fabric-notebook', 'local-engine']), version: z.string() }),
  started_at: z.string(),
  finished_at: z.string(),
  timings_ms: z.object({ read: z.number(), clean: z.number(), write: z.number(), total: z.number() }),
  /** present when status is failed */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  artifacts: z.array(z.string()),
});
export type RunMetadata = z.infer<typeof RunMetadataSchema>;
