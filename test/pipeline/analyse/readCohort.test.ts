/**
 * readCohort builds the cohort as its rows stream from the database (scores scored from items,
 * then the scores supplied in assessments.csv, then each enrolment), so that a national
 * extract's rows are never all held at once. It must build exactly the cohort that
 * buildCohort builds from every row read at once, with a supplied score standing over one
 * scored from items.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { setAsideLaterEnrolments } from '../../../pipeline/analyse/onePerPerson.ts';
import { readPlan } from '../../../pipeline/analyse/readPlan.ts';
import { readCohort } from '../../../pipeline/analyse/runAnalysis.ts';
import { readEnrolments, readGroupStaff, readMeasures, readReconvictions, streamItemResponses, streamScaleScores } from '../../../pipeline/db/analysisData.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { buildCohort, measureInfo, scoreItemResponses, type CohortMember, type ScaleScoreRow } from '../../../pipeline/derive/cohort.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { scratchDir } from '../../support/extracts.ts';

const plan = readPlan(join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml'));
/** A member as plain data (its scores as [measure, pre, post] in the map's order). */
const plain = (m: CohortMember) => ({ ...m, setAsideIn: [...(m.setAsideIn ?? [])], scores: [...m.scores].map(([measure, s]) => [measure, s.pre, s.post]) });

let streamed: readonly CohortMember[];
let atOnce: readonly CohortMember[];
let itemScored: ScaleScoreRow[];
let supplied: ScaleScoreRow[];

beforeAll(async () => {
  const out = join(scratchDir('progeval-read-cohort-'), 'extract');
  await generateExtract({ out, people: 400, seed: 7 });
  const database = await openDatabase(':memory:');
  try {
    await loadExtract(database, out);
    streamed = (await readCohort(database, plan)).cohort;
    // The way the cohort was read before it streamed: every row at once, then built.
    const measures = new Map((await readMeasures(database)).map((m) => [m.measure, measureInfo(m)]));
    itemScored = [];
    await scoreItemResponses(streamItemResponses(database), measures, (s) => itemScored.push(s));
    supplied = [];
    for await (const batch of streamScaleScores(database)) supplied.push(...batch);
    const input = { enrolments: await readEnrolments(database), staff: await readGroupStaff(database), scaleScores: [...itemScored, ...supplied], reconvictions: await readReconvictions(database) };
    atOnce = setAsideLaterEnrolments(buildCohort(input), plan.comparisons);
  } finally {
    await database.close();
  }
}, 120_000);

describe('readCohort', () => {
  it('reads scores from items and from assessments.csv, and offences', () => {
    expect(itemScored.length).toBeGreaterThan(100);
    expect(supplied.length).toBeGreaterThan(100);
    expect(streamed.length).toBe(atOnce.length);
    expect(streamed.filter((m) => m.offences.length > 0).length).toBeGreaterThan(10);
    expect(streamed.filter((m) => m.scores.size > 0).length).toBeGreaterThan(100);
  });

  it('builds, streaming, the cohort built from every row read at once', () => {
    expect(streamed.map(plain)).toEqual(atOnce.map(plain));
  });
});

describe('cohortBuilder', () => {
  it('lets a later score for the same enrolment, measure and timepoint stand over an earlier one', () => {
    const enrolment = atOnce[0]!;
    const measure = [...enrolment.scores.keys()][0] ?? 'self_management';
    const rows = (score: number): ScaleScoreRow => ({ enrolment_id: enrolment.enrolmentId, measure, timepoint: 'pre', score });
    const staffAndEnrolment = { enrolments: [{ enrolment_id: enrolment.enrolmentId, person_id: enrolment.personId, group_id: null, arm: 'none', status: 'not_started', referral_date: '2023-01-05', start_date: null, follow_up_start: '2023-06-01', observation_end: '2026-10-31', age_at_index: 30, prior_convictions: null, ogrs: null, sexual_risk: null, rosh: null, programme: null, intensity: null, setting: null, region: null }], staff: [], reconvictions: [] };
    const [scoredThenSupplied] = buildCohort({ ...staffAndEnrolment, scaleScores: [rows(12), rows(15)] });
    expect(scoredThenSupplied!.scores.get(measure)).toEqual({ pre: 15, post: null });
  });
});
