/**
 * Field builders for data contract v1. Every CSV cell arrives as a string (or is absent
 * when an optional column is missing); each builder turns it into a typed value, or
 * `null` for an empty cell. Each schema carries `meta({ type, required })` so that the
 * contract description in docs/ is generated from these schemas, not written twice.
 *
 * Error messages never include the offending value: a cell may hold identifying data.
 */
import { z } from 'zod';

/** How a column is stored: types every SQL dialect knows. */
export type Storage = 'text' | 'integer' | 'double precision';

export interface FieldMeta {
  storage: Storage;
  /** The type as a person reads it, e.g. "date YYYY-MM-DD". */
  type: string;
  required: boolean;
  /** What the column means. */
  meaning: string;
  /** Added by progeval beyond contract v1 (always optional). */
  extension?: boolean;
}

type Inner<T> = z.ZodType<T, string>;

const MISSING = 'required value is missing';

/** A required column: an empty cell is an error. */
export function required<T>(inner: Inner<T>, type: string, meaning = ''): z.ZodType<T, string> {
  return z
    .string({ error: MISSING })
    .min(1, { error: MISSING })
    .pipe(inner)
    .meta({ type, required: true, meaning, storage: storageOf(inner) } satisfies FieldMeta) as unknown as z.ZodType<T, string>;
}

/** An optional column: an empty cell, or a column absent from the file, is `null`. */
export function optional<T>(
  inner: Inner<T>,
  type: string,
  meaning = '',
  extension = false,
): z.ZodType<T | null, string | undefined> {
  return z
    .preprocess((v) => (v === undefined || v === '' ? null : v), inner.nullable())
    .meta({ type, required: false, meaning, storage: storageOf(inner), ...(extension ? { extension } : {}) } satisfies FieldMeta) as unknown as z.ZodType<
    T | null,
    string | undefined
  >;
}

function storageOf(inner: z.ZodType): Storage {
  return (inner.meta() as { storage?: Storage } | undefined)?.storage ?? 'text';
}

export const pseudonym = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'expected a pseudonym: 1-64 letters, digits, _ or -' });

export const isoDate = z.iso.date({ error: 'expected a real calendar date written YYYY-MM-DD' });

export const booleanText = z
  .enum(['true', 'false'], { error: 'expected true or false' })
  .transform((v) => v === 'true')
  .meta({ storage: 'integer' });

export function integerText(min: number, max = Number.MAX_SAFE_INTEGER) {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return z
    .string()
    .regex(/^[+-]?\d+$/, { error: `expected a whole number ${range}` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `expected a whole number ${range}` }).max(max, { error: `expected a whole number ${range}` }))
    .meta({ storage: 'integer' });
}

export function numberText(min = -Number.MAX_VALUE, max = Number.MAX_VALUE) {
  const range =
    min === -Number.MAX_VALUE ? '' : max === Number.MAX_VALUE ? ` >= ${min}` : ` from ${min} to ${max}`;
  return z
    .string()
    .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, { error: `expected a number${range}` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `expected a number${range}` }).max(max, { error: `expected a number${range}` }))
    .meta({ storage: 'double precision' });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of: ${values.join(', ')}` });
}

export const code = z.string().regex(/^[a-z0-9_]+$/, { error: 'expected a code of a-z, 0-9 and _' });

export const text = z.string().max(500, { error: 'expected text of at most 500 characters' });

/** `;`-separated positive item numbers, e.g. `2;5;9`, normalised to ascending order. */
export const itemList = z
  .string()
  .regex(/^\d+(;\d+)*$/, { error: 'expected ;-separated item numbers, e.g. 2;5;9' })
  .transform((v) =>
    [...new Set(v.split(';').map(Number))].sort((a, b) => a - b).join(';'),
  );

/** The `meta()` of a column schema; throws if a column was built without a builder above. */
export function fieldMeta(schema: z.ZodType): FieldMeta {
  const meta = schema.meta() as FieldMeta | undefined;
  if (!meta?.type) throw new Error('contract column built without required()/optional()');
  return meta;
}
