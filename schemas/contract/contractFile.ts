/**
 * What every file of the contract declares: its name, the table it loads into, its natural
 * key, and a zod object schema of its columns (with within-row rules as refinements).
 */
import type { z } from 'zod';
import { fieldMeta, type FieldMeta } from './fields.ts';

/** The reason code a within-row rule gives (in the `params.reason` of its zod issue). */
export type RowRuleReason = 'date_order' | 'inconsistent_row';

export interface ContractFile<Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** The CSV file name inside the extract folder. */
  readonly file: string;
  /** The database table its rows load into. */
  readonly table: string;
  /** One line saying what a row is. */
  readonly meaning: string;
  /** Must the extract contain this file? */
  readonly requiredFile: boolean;
  /**
   * Columns that identify a row. A later extract updates the row with the same key; two
   * rows with the same key in one file are a duplicate. `occurrence` is derived by the
   * loader (see reconvictions).
   */
  readonly key: readonly string[];
  readonly row: z.ZodObject<Shape>;
  /** The within-row rules the schema's refinement enforces, in words, for the description. */
  readonly rowRules?: readonly string[];
}

export function contractFile<Shape extends z.ZodRawShape>(def: ContractFile<Shape>): ContractFile<Shape> {
  return def;
}

export interface ColumnDescription extends FieldMeta {
  name: string;
}

export function columnsOf(file: ContractFile): ColumnDescription[] {
  return Object.entries(file.row.shape).map(([name, schema]) => ({
    name,
    ...fieldMeta(schema as z.ZodType),
  }));
}

export function requiredColumns(file: ContractFile): string[] {
  return columnsOf(file)
    .filter((c) => c.required)
    .map((c) => c.name);
}
