/**
 * The analysis-ready dataset for approved academic partners (`progeval export`): one row per
 * person and comparison, as the analyses see them (one unit per person: each person on their
 * first eligible enrolment), with the derived outcomes the report's numbers come from, and
 * every pseudonym replaced by a sequence number local to the export.
 *
 * Row-level data: never published, never written inside a report's OUT, not disclosure
 * controlled. Pure: cohort in, columns and rows out.
 *
 * Each column is defined once, with its codebook entry beside how its value is computed, so the
 * codebook cannot drift from the data.
 */
import { createHmac } from 'node:crypto';
import type { Plan } from '../../schemas/plan.ts';
import { PLAN_COVARIATES } from '../../schemas/plan.ts';
import { comparedLevels, levelIn } from '../analyse/comparisonMembers.ts';
import { isProgrammeGroup, type CohortMember, type MeasureInfo } from '../derive/cohort.ts';
import { COMPARISON_FACTORS } from '../derive/comparisonFactors.ts';
import { provenReoffending, timeToFirstReoffence } from '../derive/reoffending.ts';

export type Cell = string | number | null;

export interface DatasetColumn {
  name: string;
  type: 'integer' | 'number' | 'text' | 'date' | '0/1';
  description: string;
  /** The value for one person in one comparison. */
  value: (row: { member: CohortMember; comparison: Plan['comparisons'][number]; person: number; group: number | null }) => Cell;
}

export interface AnalysisDataset {
  columns: DatasetColumn[];
  rows: Cell[][];
  /** People (distinct sequence numbers) and rows, for the command's summary. */
  people: number;
}

/**
 * Sequence numbers 1…n for pseudonyms, in the order of a keyed hash (HMAC-SHA256, key: the
 * plan's seed), so the numbers say nothing about the pseudonyms' order, yet the same data and
 * seed give the same numbers (an export can be reproduced).
 */
export function sequenceNumbers(pseudonyms: Iterable<string>, seed: number): Map<string, number> {
  const key = `progeval-export-${seed}`;
  const hashed = [...new Set(pseudonyms)].map((p) => ({ p, h: createHmac('sha256', key).update(p).digest('hex') }));
  hashed.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  return new Map(hashed.map((x, i) => [x.p, i + 1]));
}

const flag = (b: boolean): number => (b ? 1 : 0);

/** The columns, for this plan's windows and the loaded measures. */
export function datasetColumns(plan: Plan, measures: readonly MeasureInfo[]): DatasetColumn[] {
  const maxWindow = Math.max(...plan.windows);
  const columns: DatasetColumn[] = [
    { name: 'comparison', type: 'text', description: "The plan's comparison id: one row per person in each comparison they are in.", value: (r) => r.comparison.id },
    { name: 'level', type: 'text', description: "The person's level in this comparison: the plan's treatment or reference level.", value: (r) => r.member.levels[r.comparison.by] },
    { name: 'treated', type: '0/1', description: '1 at the treatment level, 0 at the reference level (the models\' `treatment` term).', value: (r) => flag(r.member.levels[r.comparison.by] === r.comparison.treatment) },
    {
      name: 'person',
      type: 'integer',
      description: 'The person, as a sequence number local to this export (not the extract\'s pseudonym). The same person has the same number in every comparison of the export.',
      value: (r) => r.person,
    },
    {
      name: 'group',
      type: 'integer',
      description: 'The programme group (the cluster of the cluster-robust errors), as a sequence number local to this export; empty for a person without a group, who is a cluster of their own.',
      value: (r) => r.group,
    },
    ...COMPARISON_FACTORS.map(
      (f): DatasetColumn => ({
        name: f,
        type: 'text',
        description: `Comparison factor ${f}, derived as the analyses derive it (people without a group take their arm).`,
        value: (r) => r.member.levels[f],
      }),
    ),
    { name: 'status', type: 'text', description: 'Enrolment status from the extract (completed, dropped_out, …).', value: (r) => r.member.status },
    { name: 'started', type: '0/1', description: '1 if the enrolment started (has a start date).', value: (r) => flag(r.member.started) },
    ...PLAN_COVARIATES.map(
      (c): DatasetColumn => ({
        name: c,
        type: 'number',
        description: `Covariate ${c}${c === 'sexual_risk' || c === 'rosh' ? ' as an ordinal score (low 1, medium 2, high 3, very_high 4)' : ''}; empty when missing.`,
        value: (r) => r.member.covariates[c],
      }),
    ),
    { name: 'follow_up_start', type: 'date', description: 'Follow-up start S (ISO date), from the extract.', value: (r) => r.member.followUp.followUpStart },
    { name: 'observation_end', type: 'date', description: 'Observation end E (ISO date), from the extract.', value: (r) => r.member.followUp.observationEnd },
    ...plan.windows.flatMap((w): DatasetColumn[] => [
      {
        name: `reoffended_${w}m`,
        type: '0/1',
        description: `Proven reoffending within ${w} months (any category): an offence in [S, S + ${w} months) convicted before S + ${w + 6} months. Empty when the person is not yet followed up for ${w} months plus the six-month lag (not classed), as in the rates.`,
        value: (r) => {
          const o = provenReoffending(r.member.followUp, r.member.offences, w, 'any');
          return o.classed ? flag(o.reoffended) : null;
        },
      },
      {
        name: `offences_${w}m`,
        type: 'integer',
        description: `Proven offences (any category) counted within ${w} months, for people classed for the window; empty otherwise.`,
        value: (r) => {
          const o = provenReoffending(r.member.followUp, r.member.offences, w, 'any');
          return o.classed ? o.offences : null;
        },
      },
    ]),
    {
      name: 'time_days',
      type: 'integer',
      description: `Days from S to the first proven reoffence (any category), or to censoring at min(E − 6 months, S + ${maxWindow} months): the survival analyses' time. Empty when censoring falls before S (left out of them).`,
      value: (r) => {
        const t = timeToFirstReoffence(r.member.followUp, r.member.offences, maxWindow, 'any');
        return t.included ? t.timeDays : null;
      },
    },
    {
      name: 'event',
      type: '0/1',
      description: '1 if time_days ends in a proven reoffence, 0 if censored; empty with time_days.',
      value: (r) => {
        const t = timeToFirstReoffence(r.member.followUp, r.member.offences, maxWindow, 'any');
        return t.included ? flag(t.event) : null;
      },
    },
    ...measures.flatMap((m): DatasetColumn[] =>
      (['pre', 'post'] as const).map((when) => ({
        name: `${m.measure}_${when}`,
        type: 'number',
        description: `${m.label}: the ${when}-programme scale score (${m.min}–${m.max}, ${m.direction === 'higher_better' ? 'higher is better' : 'lower is better'}), supplied or scored from items (prorated when a few are missing); empty when missing.`,
        value: (r) => r.member.scores.get(m.measure)?.[when] ?? null,
      })),
    ),
  ];
  return columns;
}

/** The dataset: every comparison's people at either level, treatment then reference, by person number. */
export function analysisDataset(cohort: readonly CohortMember[], plan: Plan, measures: readonly MeasureInfo[]): AnalysisDataset {
  const columns = datasetColumns(plan, measures);
  const persons = sequenceNumbers(cohort.map((m) => m.personId), plan.seed);
  const groups = sequenceNumbers(cohort.filter((m) => isProgrammeGroup(m.cluster)).map((m) => m.cluster), plan.seed);
  const rows: Cell[][] = [];
  const people = new Set<number>();
  for (const comparison of plan.comparisons) {
    for (const level of comparedLevels(comparison)) {
      const here = cohort
        .filter((m) => levelIn(m, comparison) === level)
        .map((member) => ({ member, comparison, person: persons.get(member.personId)!, group: groups.get(member.cluster) ?? null }))
        .sort((a, b) => a.person - b.person);
      for (const row of here) {
        people.add(row.person);
        rows.push(columns.map((c) => c.value(row)));
      }
    }
  }
  return { columns, rows, people: people.size };
}
