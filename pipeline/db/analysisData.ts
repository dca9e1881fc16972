/**
 * What the analyses read, as plain rows: enrolments with their person and group, group
 * staff, the measure catalogue, scale scores, item responses and reconvictions. Enrolments,
 * scale scores and item responses can be streamed (ordered), so that a national extract's
 * rows are turned into the cohort as they arrive rather than all held at once. Only rows in
 * force are read: rows a later snapshot withdrew are left out. Everything after this works on
 * arrays, not the database.
 */
import type { ProgevalDatabase } from './dialect.ts';

export interface EnrolmentRow {
  enrolment_id: string;
  person_id: string;
  group_id: string | null;
  arm: string;
  status: string;
  referral_date: string;
  start_date: string | null;
  end_date: string | null;
  follow_up_start: string;
  observation_end: string;
  sex: string;
  age_at_index: number;
  prior_convictions: number | null;
  ogrs: number | null;
  sexual_risk: string | null;
  rosh: string | null;
  programme: string | null;
  intensity: string | null;
  setting: string | null;
  region: string | null;
  group_start_date: string | null;
}

export async function readEnrolments(database: ProgevalDatabase): Promise<EnrolmentRow[]> {
  return enrolmentsQuery(database).execute();
}

/** The enrolments as `readEnrolments` reads them, in the same order, a batch of rows at a time. */
export function streamEnrolments(database: ProgevalDatabase): AsyncIterable<readonly EnrolmentRow[]> {
  return database.streamRows(enrolmentsQuery(database));
}

function enrolmentsQuery(database: ProgevalDatabase) {
  return database.db
    .selectFrom('enrolments as e')
    .innerJoin('people as p', 'p.person_id', 'e.person_id')
    .leftJoin('groups as g', (join) => join.onRef('g.group_id', '=', 'e.group_id').on('g.withdrawn_batch_id', 'is', null))
    .select([
      'e.enrolment_id', 'e.person_id', 'e.group_id', 'e.arm', 'e.status', 'e.referral_date', 'e.start_date', 'e.end_date',
      'e.follow_up_start', 'e.observation_end', 'p.sex', 'p.age_at_index', 'p.prior_convictions', 'p.ogrs', 'p.sexual_risk', 'p.rosh',
      'g.programme', 'g.intensity', 'g.setting', 'g.region', 'g.start_date as group_start_date',
    ])
    .where('e.withdrawn_batch_id', 'is', null)
    .where('p.withdrawn_batch_id', 'is', null)
    .orderBy('e.enrolment_id');
}

export async function readGroupStaff(database: ProgevalDatabase) {
  return database.db
    .selectFrom('group_facilitators as gf')
    .innerJoin('facilitators as f', 'f.facilitator_id', 'gf.facilitator_id')
    .select(['gf.group_id', 'gf.role', 'f.band'])
    .where('gf.withdrawn_batch_id', 'is', null)
    .where('f.withdrawn_batch_id', 'is', null)
    .orderBy('gf.group_id')
    .orderBy('gf.facilitator_id')
    .execute();
}

export async function readMeasures(database: ProgevalDatabase) {
  return database.db.selectFrom('measures').selectAll().where('withdrawn_batch_id', 'is', null).orderBy('measure').execute();
}

/** The scale scores supplied in assessments.csv, ordered by enrolment, measure and timepoint, a batch of rows at a time. */
export function streamScaleScores(database: ProgevalDatabase): AsyncIterable<readonly { enrolment_id: string; measure: string; timepoint: string; score: number }[]> {
  const query = database.db
    .selectFrom('assessments')
    .select(['enrolment_id', 'measure', 'timepoint', 'score'])
    .where('withdrawn_batch_id', 'is', null)
    .orderBy('enrolment_id')
    .orderBy('measure')
    .orderBy('timepoint');
  return database.streamRows(query);
}

export interface ItemResponseRow {
  enrolment_id: string;
  measure: string;
  timepoint: string;
  item: number;
  response: number;
}

/** Item responses ordered by enrolment, measure, timepoint and item, a batch of rows at a time. */
export function streamItemResponses(database: ProgevalDatabase): AsyncIterable<readonly ItemResponseRow[]> {
  const query = database.db
    .selectFrom('assessment_items')
    .select(['enrolment_id', 'measure', 'timepoint', 'item', 'response'])
    .where('withdrawn_batch_id', 'is', null)
    .orderBy('enrolment_id')
    .orderBy('measure')
    .orderBy('timepoint')
    .orderBy('item');
  return database.streamRows(query);
}

export async function readReconvictions(database: ProgevalDatabase) {
  return database.db
    .selectFrom('reconvictions')
    .select(['person_id', 'offence_date', 'conviction_date', 'category'])
    .where('withdrawn_batch_id', 'is', null)
    .orderBy('person_id')
    .orderBy('offence_date')
    .execute();
}
