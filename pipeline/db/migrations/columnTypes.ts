/**
 * The two dialect differences in the migrations: an identity primary key, and text that
 * compares byte by byte.
 *
 * SQLite compares text with its BINARY collation. A PostgreSQL column takes the database's
 * collation, which on a server set up with `en_GB.UTF-8` or an ICU locale ignores case and
 * punctuation at first: `per-a` sorts before `per-B` there, after it in SQLite. Pseudonyms are
 * `[A-Za-z0-9_-]`, and the analyses read people, enrolments and groups in key order, so on
 * such a server the rows would arrive in another order (and floating-point sums, tie-breaks and
 * `results.json` could differ). Declaring every PostgreSQL text column `COLLATE "C"` (byte
 * order, the same as SQLite's BINARY) keeps both dialects, and every server, in one order.
 */
import { sql, type ColumnDefinitionBuilder, type Expression } from 'kysely';
import type { DialectName } from '../dialect.ts';

export const identity = (dialect: DialectName) => (c: ColumnDefinitionBuilder) =>
  dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

/** The type of a text column: byte-ordered on both dialects. */
export const textType = (dialect: DialectName): 'text' | Expression<unknown> => (dialect === 'postgres' ? sql`text collate "C"` : 'text');
