/**
 * Migration 0003: successive extracts are dated snapshots (data contract v1.1).
 *
 * - `load_batches.extract_date`: the snapshot's date (extract.json, or the latest
 *   observation_end), so an older snapshot after a newer one can be refused.
 * - `load_files.rows_withdrawn`: rows of the file's table that this batch withdrew because
 *   they were absent from its snapshot (or refused in it).
 * - `withdrawn_batch_id` on every contract table: null while the row is in force, else the
 *   batch that withdrew it. Withdrawn rows are kept for the audit trail and left out of analysis.
 *
 * Added columns only, so existing databases keep every row, all in force. There is no `down`:
 * SQLite cannot drop a column that takes part in a foreign key.
 */
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { textType } from './columnTypes.ts';

/** The tables of data contract v1 as they stood at this migration. */
const CONTRACT_TABLES = ['people', 'facilitators', 'groups', 'group_facilitators', 'measures', 'enrolments', 'assessments', 'assessment_items', 'reconvictions'];

export function extractSnapshots(dialect: DialectName): Migration {
  const text = textType(dialect);
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('load_batches').addColumn('extract_date', text).execute();
      await db.schema.alterTable('load_files').addColumn('rows_withdrawn', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      for (const table of CONTRACT_TABLES) {
        await db.schema.alterTable(table).addColumn('withdrawn_batch_id', 'integer', (c) => c.references('load_batches.batch_id')).execute();
        await db.schema.createIndex(`${table}_in_force`).on(table).columns(['withdrawn_batch_id', 'batch_id']).execute();
      }
    },
  };
}
