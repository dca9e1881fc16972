/**
 * The analysis cohort: one member per enrolment, with its comparison levels, covariates,
 * follow-up, offences and pre/post scores per measure. Built from plain rows; pure.
 *
 * A member's cluster is its group; a member without a group is a cluster of its own
 * (`solo:<enrolment_id>`), as the cluster-robust analyses require.
 */
import type { PlanCovariate } from '../../schemas/plan.ts';
import { comparisonLevels, facilitatorBand, type Arm, type ComparisonFactor } from './comparisonFactors.ts';
import type { Offence, OffenceCategory } from './reoffending.ts';
import { scaleScore } from './scaleScore.ts';

export interface Scores {
  pre: number | null;
  post: number | null;
}

export interface CohortMember {
  enrolmentId: string;
  personId: string;
  /** When the enrolment began: its start date, or the referral date when it never started (ISO date). */
  enrolledOn: string;
  /**
   * The comparisons (by id) in which this enrolment is set aside because the person already
   * counts there on an earlier enrolment (one unit per person; see analyse/onePerPerson.ts).
   * Absent until the analysis sets it.
   */
  setAsideIn?: ReadonlySet<string>;
  cluster: string;
  arm: Arm;
  status: string;
  started: boolean;
  levels: Record<ComparisonFactor, string>;
  covariates: Record<PlanCovariate, number | null>;
  followUp: { followUpStart: string; observationEnd: string };
  offences: Offence[];
  /** Scores by measure code. */
  scores: Map<string, Scores>;
}

export interface MeasureInfo {
  measure: string;
  label: string;
  min: number;
  max: number;
  direction: 'higher_better' | 'lower_better';
  reliability: number;
  normMean: number | null;
  normSd: number | null;
  items: number | null;
  reverseItems: number[];
}

export interface ScoringSummary {
  measure: string;
  timepoint: string;
  scored: number;
  prorated: number;
  missing_too_many_items: number;
}

/** The cluster of a member without a group: `solo:<enrolment id>` (a pseudonym cannot hold ':'). */
const SOLO = 'solo:';

/**
 * The programme groups among these clusters: what model records publish as `clusters`.
 * People without a group are each a cluster of their own in the cluster-robust errors, but
 * counting them too would publish a count of people (solo clusters = people at a level
 * without a group), which disclosure control may have withheld elsewhere.
 */
export function programmeGroups(clusters: Iterable<string>): number {
  const groups = new Set<string>();
  for (const c of clusters) if (isProgrammeGroup(c)) groups.add(c);
  return groups.size;
}

/** Is this cluster a programme group (not a person without a group, a cluster of their own)? */
export const isProgrammeGroup = (cluster: string): boolean => !cluster.startsWith(SOLO);

const RISK_SCORE: Record<string, number> = { low: 1, medium: 2, high: 3, very_high: 4 };

export interface CohortInput {
  enrolments: readonly {
    enrolment_id: string; person_id: string; group_id: string | null; arm: string; status: string; referral_date: string; start_date: string | null;
    follow_up_start: string; observation_end: string; age_at_index: number; prior_convictions: number | null; ogrs: number | null;
    sexual_risk: string | null; rosh: string | null; programme: string | null; intensity: string | null; setting: string | null; region: string | null; group_start_date?: string | null;
  }[];
  staff: readonly { group_id: string; role: string; band: number }[];
  scaleScores: readonly ScaleScoreRow[];
  reconvictions: readonly { person_id: string; offence_date: string; conviction_date: string; category: string }[];
}

export function measureInfo(row: {
  measure: string; label: string; min: number; max: number; direction: string; reliability: number;
  norm_mean: number | null; norm_sd: number | null; items: number | null; reverse_items: string | null;
}): MeasureInfo {
  return {
    measure: row.measure,
    label: row.label,
    min: row.min,
    max: row.max,
    direction: row.direction as MeasureInfo['direction'],
    reliability: row.reliability,
    normMean: row.norm_mean,
    normSd: row.norm_sd,
    items: row.items,
    reverseItems: row.reverse_items ? row.reverse_items.split(';').map(Number) : [],
  };
}

/** A pre or post score on a measure, supplied (assessments.csv) or scored from items. */
export interface ScaleScoreRow {
  enrolment_id: string;
  measure: string;
  timepoint: string;
  score: number;
}

/**
 * Scores item responses as they stream past in batches (ordered by enrolment, measure, timepoint),
 * holding one assessment's items at a time, and hands each score to `onScore` as it is made
 * (a national extract has millions of item responses and a million scores; none is kept here).
 * Returns how many were scored, prorated or left unscored, by measure and timepoint.
 */
export async function scoreItemResponses(
  batches: AsyncIterable<readonly { enrolment_id: string; measure: string; timepoint: string; item: number; response: number }[]>,
  measures: ReadonlyMap<string, MeasureInfo>,
  onScore: (score: ScaleScoreRow) => void,
): Promise<ScoringSummary[]> {
  const summary = new Map<string, ScoringSummary>();
  let key = '';
  let current: { enrolment_id: string; measure: string; timepoint: string } | null = null;
  let responses = new Map<number, number>();
  const finish = () => {
    if (!current) return;
    const m = measures.get(current.measure)!;
    const s = scaleScore(responses, { min: m.min, max: m.max, items: m.items ?? responses.size, reverseItems: m.reverseItems });
    const k = `${current.measure}\u0000${current.timepoint}`;
    const tally = summary.get(k) ?? { measure: current.measure, timepoint: current.timepoint, scored: 0, prorated: 0, missing_too_many_items: 0 };
    if (s.score === null) tally.missing_too_many_items++;
    else {
      tally.scored++;
      if (s.prorated) tally.prorated++;
      onScore({ ...current, score: s.score });
    }
    summary.set(k, tally);
  };
  for await (const rows of batches) {
    for (const r of rows) {
      const k = `${r.enrolment_id}\u0000${r.measure}\u0000${r.timepoint}`;
      if (k !== key) {
        finish();
        key = k;
        current = { enrolment_id: r.enrolment_id, measure: r.measure, timepoint: r.timepoint };
        responses = new Map();
      }
      responses.set(r.item, r.response);
    }
  }
  finish();
  return [...summary.values()].sort((a, b) => a.measure.localeCompare(b.measure) || a.timepoint.localeCompare(b.timepoint));
}

/** An enrolment row as the cohort reads it (with its person and group). */
export type EnrolmentInput = CohortInput['enrolments'][number];

/**
 * The cohort built as its rows arrive, so that a national extract's rows need not all be held
 * at once: first the group staff and the offences, then each score (`addScore`: a later score
 * for the same enrolment, measure and timepoint stands over an earlier one), then each
 * enrolment (`member`), which becomes a member at once. `buildCohort` is this over arrays.
 */
export function cohortBuilder(staff: CohortInput['staff'], reconvictions: CohortInput['reconvictions']) {
  // Memory at national scale: members share what they have in common, not a copy each. The
  // database hands every row its own strings, so a group's levels, a follow-up window, a date
  // and a code are kept once and shared (the live heap after reading 100,000 people: 135 MiB, not 184).
  // Nothing changes a member after it is built, so sharing is safe; the levels and windows are
  // frozen to keep it so.
  const shared = sharedValues();
  const staffByGroup = new Map<string, { role: string; band: number }[]>();
  for (const s of staff) {
    const list = staffByGroup.get(s.group_id) ?? [];
    list.push(s);
    staffByGroup.set(s.group_id, list);
  }
  const offencesByPerson = new Map<string, Offence[]>();
  for (const r of reconvictions) {
    const list = offencesByPerson.get(r.person_id) ?? [];
    list.push({ offenceDate: shared.string(r.offence_date), convictionDate: shared.string(r.conviction_date), category: shared.string(r.category) as OffenceCategory });
    offencesByPerson.set(r.person_id, list);
  }
  const scoresByEnrolment = new Map<string, Map<string, Scores>>();
  const addScore = (s: ScaleScoreRow): void => {
    if (s.timepoint !== 'pre' && s.timepoint !== 'post') return;
    const byMeasure = scoresByEnrolment.get(s.enrolment_id) ?? new Map<string, Scores>();
    const scores = byMeasure.get(s.measure) ?? { pre: null, post: null };
    scores[s.timepoint] = s.score;
    byMeasure.set(shared.string(s.measure), scores);
    scoresByEnrolment.set(s.enrolment_id, byMeasure);
  };
  const member = (e: EnrolmentInput): CohortMember => {
    const arm = e.arm as Arm;
    const levels = shared.object(`${arm}\u0000${e.group_id ?? ''}`, () => {
      const group =
        e.group_id && e.programme
          ? { programme: e.programme, intensity: e.intensity!, setting: e.setting!, region: e.region!, facilitatorBand: facilitatorBand(staffByGroup.get(e.group_id) ?? []), ...(e.group_start_date ? { startDate: e.group_start_date } : {}) }
          : null;
      return comparisonLevels({ arm, group });
    });
    return {
      enrolmentId: e.enrolment_id,
      personId: e.person_id,
      enrolledOn: shared.string(e.start_date ?? e.referral_date),
      cluster: e.group_id ? shared.string(e.group_id) : `${SOLO}${e.enrolment_id}`,
      arm: shared.string(arm) as Arm,
      status: shared.string(e.status),
      started: e.start_date !== null,
      levels,
      covariates: {
        age_at_index: e.age_at_index,
        prior_convictions: e.prior_convictions,
        ogrs: e.ogrs,
        sexual_risk: e.sexual_risk ? (RISK_SCORE[e.sexual_risk] ?? null) : null,
        rosh: e.rosh ? (RISK_SCORE[e.rosh] ?? null) : null,
      },
      followUp: shared.object(`${e.follow_up_start}\u0000${e.observation_end}`, () => ({ followUpStart: e.follow_up_start, observationEnd: e.observation_end })),
      offences: offencesByPerson.get(e.person_id) ?? NO_OFFENCES,
      scores: scoresByEnrolment.get(e.enrolment_id) ?? new Map(),
    };
  };
  return { addScore, member };
}

/**
 * Members that came through a structured clone (the attitude analyses' thread receives the
 * cohort so) share their strings again, as `cohortBuilder` made them share: a clone keeps the
 * objects members share (levels, follow-up windows, a person's offences) shared, but writes a
 * string out again wherever it appears, so every member's dates, group, codes, offence dates
 * and measure codes arrived as copies of their own. At 100,000 people the clone took 95 MiB
 * against the cohort's 66, and 72 MiB with its strings shared again (a full collection either
 * side). The members must be the caller's own (a clone's): they are changed in place, every
 * value equal, only the strings shared.
 */
export function shareStringsAgain(members: CohortMember[]): void {
  const shared = sharedValues();
  const offencesDone = new Set<Offence[]>();
  for (const m of members) {
    m.enrolledOn = shared.string(m.enrolledOn);
    m.cluster = shared.string(m.cluster);
    m.arm = shared.string(m.arm) as Arm;
    m.status = shared.string(m.status);
    if (!offencesDone.has(m.offences)) {
      offencesDone.add(m.offences);
      for (const o of m.offences) {
        o.offenceDate = shared.string(o.offenceDate);
        o.convictionDate = shared.string(o.convictionDate);
        o.category = shared.string(o.category) as OffenceCategory;
      }
    }
    if (m.scores.size) m.scores = new Map(Array.from(m.scores, ([measure, scores]) => [shared.string(measure), scores]));
  }
}

export function buildCohort(input: CohortInput): CohortMember[] {
  const builder = cohortBuilder(input.staff, input.reconvictions);
  for (const s of input.scaleScores) builder.addScore(s);
  return input.enrolments.map(builder.member);
}

/** The offences of everyone without any: one frozen list, not an empty array each. */
const NO_OFFENCES = Object.freeze([]) as readonly Offence[] as Offence[];

/** One copy of each equal string, and one frozen object per key, for the members of one build. */
function sharedValues() {
  const strings = new Map<string, string>();
  const objects = new Map<string, object>();
  return {
    string(s: string): string {
      const kept = strings.get(s);
      if (kept !== undefined) return kept;
      strings.set(s, s);
      return s;
    },
    object<T extends object>(key: string, make: () => T): Readonly<T> {
      let kept = objects.get(key) as T | undefined;
      if (kept === undefined) objects.set(key, (kept = Object.freeze(make())));
      return kept;
    },
  };
}
