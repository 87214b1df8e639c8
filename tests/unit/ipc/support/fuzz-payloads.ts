import type { z } from 'zod';
import { objectKeys, sampleInput } from './sample-input';

// Hostile payloads for one channel's input schema. Every case returned is one the schema itself rejects,
// so a router that answers anything but VALIDATION for it has a hole.

export interface FuzzCase {
  label: string;
  payload: unknown;
}

export const HUGE_STRING = 'x'.repeat(1024 * 1024);

export function deeplyNested(depth: number): unknown {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Real own keys named __proto__ / constructor / prototype, as JSON.parse creates them. */
export const protoPayloads = (): FuzzCase[] => [
  { label: '__proto__ key', payload: JSON.parse('{"__proto__": {"polluted": "yes"}}') },
  {
    label: 'constructor.prototype key',
    payload: JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  },
  { label: 'prototype key', payload: JSON.parse('{"prototype": {"polluted": "yes"}}') },
];

const wrongValues = (depth: number, huge: string): FuzzCase[] => [
  { label: 'null', payload: null },
  { label: 'number', payload: 42 },
  { label: 'NaN-like string', payload: 'NaN' },
  { label: 'string', payload: 'x' },
  { label: 'array', payload: [1, 2, 3] },
  { label: 'boolean', payload: true },
  { label: 'empty object', payload: {} },
  { label: `${huge.length}-character string`, payload: huge },
  { label: `nested ${depth} deep`, payload: deeplyNested(depth) },
  ...protoPayloads(),
];

function withOwnKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = { ...base };
  Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
  return out;
}

export function hostilePayloads(
  schema: z.ZodType,
  options: { depth?: number; hugeString?: string } = {},
): FuzzCase[] {
  const depth = options.depth ?? 2_000;
  const huge = options.hugeString ?? HUGE_STRING;
  const sample = sampleInput(schema);
  const base =
    sample.ok && typeof sample.value === 'object' && sample.value !== null
      ? (sample.value as Record<string, unknown>)
      : {};
  const cases: FuzzCase[] = [
    { label: 'undefined', payload: undefined },
    ...wrongValues(depth, huge).map((c) => ({ label: `whole payload: ${c.label}`, payload: c.payload })),
    { label: 'extra key', payload: { ...base, unexpectedKey: 1 } },
    { label: 'extra __proto__ own key', payload: withOwnKey(base, '__proto__', { polluted: 'yes' }) },
    {
      label: 'extra constructor own key',
      payload: withOwnKey(base, 'constructor', { prototype: { polluted: 'yes' } }),
    },
  ];
  for (const key of objectKeys(schema)) {
    for (const c of wrongValues(depth, huge)) {
      cases.push({ label: `field ${key}: ${c.label}`, payload: withOwnKey(base, key, c.payload) });
    }
  }
  return cases.filter((c) => !schema.safeParse(c.payload).success);
}
