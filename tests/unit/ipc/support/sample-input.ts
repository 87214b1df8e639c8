import { randomUUID } from 'node:crypto';
import type { z } from 'zod';

// Best-effort generator of a VALID value for a zod 4 schema, from its definition. Used by the contract fuzz
// tests to build "valid except for one field" payloads and valid-shaped calls. Returns undefined when it
// cannot produce a value the schema accepts (e.g. a custom refinement); callers check with safeParse.

type Def = {
  type: string;
  format?: string;
  checks?: Array<{ _zod: { def: Record<string, unknown> } }>;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  in?: z.ZodType;
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const STRING_FORMATS: Record<string, () => string> = {
  uuid: () => randomUUID(),
  guid: () => randomUUID(),
  email: () => 'analyst@example.com',
  url: () => 'https://example.com/',
  datetime: () => new Date(0).toISOString(),
  date: () => '2024-01-01',
};

function sampleString(def: Def): string | undefined {
  if (def.format) return STRING_FORMATS[def.format]?.();
  let min = 1;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d['check'] === 'min_length' && typeof d['minimum'] === 'number') min = Math.max(min, d['minimum']);
    if (d['check'] === 'length_equals' && typeof d['length'] === 'number') min = d['length'];
    if (d['check'] === 'string_format' && typeof d['format'] === 'string')
      return STRING_FORMATS[d['format']]?.();
  }
  return 'a'.repeat(min);
}

function sampleNumber(def: Def): number {
  let n = 0;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d['check'] === 'greater_than' && typeof d['value'] === 'number')
      n = Math.max(n, Math.ceil(d['value']) + 1);
  }
  return n;
}

function generate(schema: z.ZodType, depth: number): unknown {
  if (depth > 20) return undefined;
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      // Regexes and refinements cannot be read back, so common shapes are tried until the field accepts one.
      const candidates = [
        sampleString(def),
        randomUUID(),
        'analyst@example.com',
        'https://example.com/',
        'demo',
        '',
      ];
      return candidates.find((c) => c !== undefined && schema.safeParse(c).success);
    }
    case 'number':
    case 'int':
      return sampleNumber(def);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'enum':
      return def.entries ? Object.values(def.entries)[0] : undefined;
    case 'literal':
      return def.values?.[0];
    case 'array':
      return [];
    case 'record':
      return {};
    case 'optional':
    case 'default':
    case 'prefault':
      return undefined;
    case 'nullable':
      return null;
    case 'pipe':
      return def.in ? generate(def.in, depth + 1) : undefined;
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? generate(def.innerType, depth + 1) : undefined;
    case 'union': {
      for (const option of def.options ?? []) {
        const value = generate(option, depth + 1);
        if (option.safeParse(value).success) return value;
      }
      return undefined;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const value = generate(field, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    default:
      return undefined;
  }
}

export function sampleInput(schema: z.ZodType): { ok: true; value: unknown } | { ok: false } {
  const value = generate(schema, 0);
  return schema.safeParse(value).success ? { ok: true, value } : { ok: false };
}

/** The keys of a (strict) object schema, or [] for anything else. */
export function objectKeys(schema: z.ZodType): string[] {
  const def = defOf(schema);
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}
