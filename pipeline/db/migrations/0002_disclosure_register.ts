/**
 * Migration 0002: the disclosure release register (issue 8). Every count cell a run has
 * published is kept, under the release it belongs to, so that a later run can withhold a cell
 * that differs from an earlier published value by fewer than `min_cell` people. Cells are
 * aggregate definitions and counts only: no pseudonym or row-level value is ever stored here.
 * As in 0001, the dialect differences (the identity column, byte-ordered text) go through columnTypes.ts.
 */
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { identity as identityFor, textType } from './columnTypes.ts';

export function disclosureRegister(dialect: DialectName): Migration {
  const identity = identityFor(dialect);
  const text = textType(dialect);

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('disclosure_releases')
        .addColumn('release_id', 'integer', identity)
        .addColumn('started_at', text, (c) => c.notNull())
        .addColumn('reason', text, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('disclosure_register')
        .addColumn('release_id', 'integer', (c) => c.notNull().references('disclosure_releases.release_id'))
        .addColumn('run_started_at', text, (c) => c.notNull())
        .addColumn('population', text, (c) => c.notNull())
        .addColumn('variant', text, (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('disclosure_register_pk', ['release_id', 'population', 'variant', 'value'])
        .execute();
      await db.schema.createIndex('disclosure_register_by_release_population').on('disclosure_register').columns(['release_id', 'population']).execute();
    },

    async down(db: Kysely<any>) {
      await db.schema.dropTable('disclosure_register').execute();
      await db.schema.dropTable('disclosure_releases').execute();
    },
  };
}
