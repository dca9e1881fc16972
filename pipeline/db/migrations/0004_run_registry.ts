/**
 * Migration 0004: the run registry (issue 13). Every `progeval run` is recorded: when it ran,
 * the plan's hash, the load batches it read, how it ended, the hash of its output manifest,
 * and each headline figure it published (verdicts, readiness, each comparison's ANCOVA and
 * Cox estimate, CUSUM signals). Only disclosed values are stored: aggregates, never a
 * pseudonym or a row-level value. As in 0001, the identity column and text go through columnTypes.ts.
 */
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { identity as identityFor, textType } from './columnTypes.ts';

export function runRegistry(dialect: DialectName): Migration {
  const identity = identityFor(dialect);
  const text = textType(dialect);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('runs')
        .addColumn('run_id', 'integer', identity)
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('started_at', text, (c) => c.notNull())
        .addColumn('finished_at', text)
        .addColumn('plan_sha256', text, (c) => c.notNull())
        .addColumn('plan_title', text, (c) => c.notNull())
        .addColumn('extract_date', text)
        .addColumn('batches', text, (c) => c.notNull())
        .addColumn('progeval_version', text, (c) => c.notNull())
        .addColumn('output_sha256', text)
        .execute();
      await db.schema
        .createTable('run_estimates')
        .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.run_id'))
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('comparison', text, (c) => c.notNull())
        .addColumn('outcome', text, (c) => c.notNull())
        .addColumn('measure', text)
        .addColumn('window_months', 'integer')
        .addColumn('scale', text, (c) => c.notNull())
        .addColumn('estimate', 'double precision')
        .addColumn('ci_low', 'double precision')
        .addColumn('ci_high', 'double precision')
        .addColumn('margin', 'double precision')
        .addColumn('verdict', text)
        .addPrimaryKeyConstraint('run_estimates_pk', ['run_id', 'key'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('run_estimates').execute();
      await db.schema.dropTable('runs').execute();
    },
  };
}
