/**
 * Migration 0001: the tables of data contract v1, the load history and the quarantine.
 * Column types are ones every SQL dialect knows (text, integer, double precision); the dialect
 * differences, the identity column and byte-ordered text, go through columnTypes.ts.
 */
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { identity as identityFor, textType } from './columnTypes.ts';

export function contractV1(dialect: DialectName): Migration {
  const identity = identityFor(dialect);
  const text = textType(dialect);

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('load_batches')
        .addColumn('batch_id', 'integer', identity)
        .addColumn('extract_sha256', text, (c) => c.notNull())
        .addColumn('source', text, (c) => c.notNull())
        .addColumn('contract_version', text, (c) => c.notNull())
        .addColumn('progeval_version', text, (c) => c.notNull())
        .addColumn('started_at', text, (c) => c.notNull())
        .addColumn('finished_at', text, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('load_files')
        .addColumn('batch_id', 'integer', (c) => c.notNull().references('load_batches.batch_id'))
        .addColumn('file', text, (c) => c.notNull())
        .addColumn('sha256', text, (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('rows_read', 'integer', (c) => c.notNull())
        .addColumn('rows_loaded', 'integer', (c) => c.notNull())
        .addColumn('rows_new', 'integer', (c) => c.notNull())
        .addColumn('rows_quarantined', 'integer', (c) => c.notNull())
        .addColumn('ignored_columns', text)
        .addPrimaryKeyConstraint('load_files_pk', ['batch_id', 'file'])
        .execute();

      await db.schema
        .createTable('quarantine')
        .addColumn('quarantine_id', 'integer', identity)
        .addColumn('batch_id', 'integer', (c) => c.notNull().references('load_batches.batch_id'))
        .addColumn('file', text, (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('column_name', text)
        .addColumn('reason_code', text, (c) => c.notNull())
        .addColumn('reason', text, (c) => c.notNull())
        .addColumn('row_json', text, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('quarantine_by_batch_file').on('quarantine').columns(['batch_id', 'file']).execute();

      const provenance = (t: any) =>
        t
          .addColumn('batch_id', 'integer', (c: ColumnDefinitionBuilder) => c.notNull().references('load_batches.batch_id'))
          .addColumn('source_line', 'integer', (c: ColumnDefinitionBuilder) => c.notNull());

      await provenance(
        db.schema
          .createTable('people')
          .addColumn('person_id', text, (c) => c.primaryKey())
          .addColumn('sex', text, (c) => c.notNull())
          .addColumn('age_at_index', 'integer', (c) => c.notNull())
          .addColumn('ethnicity', text)
          .addColumn('index_offence', text, (c) => c.notNull())
          .addColumn('prior_convictions', 'integer')
          .addColumn('ogrs', 'double precision')
          .addColumn('sexual_risk', text)
          .addColumn('rosh', text),
      ).execute();

      await provenance(
        db.schema
          .createTable('facilitators')
          .addColumn('facilitator_id', text, (c) => c.primaryKey())
          .addColumn('band', 'integer', (c) => c.notNull())
          .addColumn('probation_qualified', 'integer', (c) => c.notNull())
          .addColumn('years_experience', 'double precision')
          .addColumn('specialist_sexual_offending', 'integer'),
      ).execute();

      await provenance(
        db.schema
          .createTable('groups')
          .addColumn('group_id', text, (c) => c.primaryKey())
          .addColumn('programme', text, (c) => c.notNull())
          .addColumn('intensity', text, (c) => c.notNull())
          .addColumn('setting', text, (c) => c.notNull())
          .addColumn('region', text, (c) => c.notNull())
          .addColumn('start_date', text, (c) => c.notNull())
          .addColumn('end_date', text),
      ).execute();

      await provenance(
        db.schema
          .createTable('group_facilitators')
          .addColumn('group_id', text, (c) => c.notNull().references('groups.group_id'))
          .addColumn('facilitator_id', text, (c) => c.notNull().references('facilitators.facilitator_id'))
          .addColumn('role', text, (c) => c.notNull())
          .addColumn('sessions_delivered', 'integer')
          .addPrimaryKeyConstraint('group_facilitators_pk', ['group_id', 'facilitator_id']),
      ).execute();
      await db.schema.createIndex('group_facilitators_by_facilitator').on('group_facilitators').column('facilitator_id').execute();

      await provenance(
        db.schema
          .createTable('measures')
          .addColumn('measure', text, (c) => c.primaryKey())
          .addColumn('label', text, (c) => c.notNull())
          .addColumn('min', 'double precision', (c) => c.notNull())
          .addColumn('max', 'double precision', (c) => c.notNull())
          .addColumn('direction', text, (c) => c.notNull())
          .addColumn('reliability', 'double precision', (c) => c.notNull())
          .addColumn('norm_mean', 'double precision')
          .addColumn('norm_sd', 'double precision')
          .addColumn('items', 'integer')
          .addColumn('reverse_items', text),
      ).execute();

      await provenance(
        db.schema
          .createTable('enrolments')
          .addColumn('enrolment_id', text, (c) => c.primaryKey())
          .addColumn('person_id', text, (c) => c.notNull().references('people.person_id'))
          .addColumn('group_id', text, (c) => c.references('groups.group_id'))
          .addColumn('arm', text, (c) => c.notNull())
          .addColumn('referral_date', text, (c) => c.notNull())
          .addColumn('start_date', text)
          .addColumn('end_date', text)
          .addColumn('status', text, (c) => c.notNull())
          .addColumn('sessions_attended', 'integer')
          .addColumn('sessions_scheduled', 'integer')
          .addColumn('follow_up_start', text, (c) => c.notNull())
          .addColumn('observation_end', text, (c) => c.notNull()),
      ).execute();
      await db.schema.createIndex('enrolments_by_person').on('enrolments').column('person_id').execute();
      await db.schema.createIndex('enrolments_by_group').on('enrolments').column('group_id').execute();

      for (const table of ['assessments', 'assessment_items'] as const) {
        let t = db.schema
          .createTable(table)
          .addColumn('enrolment_id', text, (c) => c.notNull().references('enrolments.enrolment_id'))
          .addColumn('measure', text, (c) => c.notNull().references('measures.measure'))
          .addColumn('timepoint', text, (c) => c.notNull())
          .addColumn('assessed_on', text, (c) => c.notNull());
        t =
          table === 'assessments'
            ? t.addColumn('score', 'double precision', (c) => c.notNull()).addPrimaryKeyConstraint(`${table}_pk`, ['enrolment_id', 'measure', 'timepoint'])
            : t
                .addColumn('item', 'integer', (c) => c.notNull())
                .addColumn('response', 'double precision', (c) => c.notNull())
                .addPrimaryKeyConstraint(`${table}_pk`, ['enrolment_id', 'measure', 'timepoint', 'item']);
        await provenance(t).execute();
      }

      await provenance(
        db.schema
          .createTable('reconvictions')
          .addColumn('person_id', text, (c) => c.notNull().references('people.person_id'))
          .addColumn('offence_date', text, (c) => c.notNull())
          .addColumn('conviction_date', text, (c) => c.notNull())
          .addColumn('category', text, (c) => c.notNull())
          .addColumn('occurrence', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('reconvictions_pk', ['person_id', 'offence_date', 'conviction_date', 'category', 'occurrence']),
      ).execute();
    },

    async down(db: Kysely<any>) {
      for (const table of [
        'reconvictions', 'assessment_items', 'assessments', 'enrolments', 'measures', 'group_facilitators',
        'groups', 'facilitators', 'people', 'quarantine', 'load_files', 'load_batches',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
