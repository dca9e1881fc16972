/**
 * The linkage of a run: the same people counted under every comparison and model, for
 * disclosure control (reports/disclosure). Published counts are sums over people: a level's
 * referred, its classed for 12 months, a Cox model's n (the people of both levels with every
 * covariate). Two comparisons may count the same people (custody and community settings
 * make up the programme arm), and a model with covariates counts a subset of the one
 * without. So that no count can be worked out by subtracting one published figure from
 * another, disclosure control needs each count as a sum of *atoms*: the people who share
 * one level (or none) in every comparison, counted for each person-level property
 * ("concept"). This is the sdcTable / tau-ARGUS view of linked tables (Hundepool et al.
 * 2012, *Statistical Disclosure Control*, ch. 4.4: linked tables are protected as one
 * system of the cells they share).
 *
 * Concepts, each a property of one person (an enrolment):
 * - flow: `referred`, `started`, `completed`, `with_pre`, `with_pre_and_post`;
 * - windows W of the plan and 24 (O/E): `classed|W`, `not_classed|W`, `reoffended|W|CAT`;
 *   `classed_complete|W|COV`, `classed_complete_reoff|W|COV`, `classed_dropped|W|COV`
 *   (the logistic and matched samples); `classed_ogrs|24`, `classed_ogrs_reoff|24` (O/E) and
 *   their complements `classed_no_ogrs|24`, `classed_no_ogrs_reoff|24`;
 * - survival: `curve`, `curve_event`, `not_curve`; `cox|COV`, `cox_event|COV`,
 *   `cox_dropped|COV`, `cox_dropped_event|COV`;
 * - per measure M: `paired|M`, `pre_only|M`, `paired_complete|M|COV`, `paired_dropped|M|COV`,
 *   `jt|M|i|j` (the fine Jacobson–Truax bin i, j); `both_not_paired|M` and `pre_not_here|M`
 *   (in the flow's with_pre_and_post, or with_pre, but not paired, or with no pre, on M).
 * COV is a covariate set's comma-joined key; sets of none are the plain concept.
 *
 * @example
 * const linkage = runLinkage(cohort, measures, plan);
 * linkage.atoms[0]; // { levels: ['building_choices', 'band_3', 'programme'], counts: { referred: 41, … } }
 */
import type { Plan } from '../../schemas/plan.ts';
import type { Linkage } from '../../schemas/results.ts';
import type { CohortMember, MeasureInfo } from '../derive/cohort.ts';
import { OUTCOME_CATEGORIES, provenReoffending, timeToFirstReoffence } from '../derive/reoffending.ts';
import { BINS_PER_SIDE } from './attitudes/jacobsonTruax.ts';
import { levelIn } from './comparisonMembers.ts';
import { covariateKey, covariateSets } from './modelCovariates.ts';
import { OGRS_WINDOW_MONTHS } from './reconviction/observedAgainstExpected.ts';


/** The Jacobson–Truax fine bin of a score (the grid of jacobsonTruax.ts). */
export function fineBin(score: number, measure: MeasureInfo): number {
  const width = (measure.max - measure.min) / BINS_PER_SIDE;
  return Math.min(BINS_PER_SIDE - 1, Math.floor((score - measure.min) / width));
}

/** The concepts that hold for one person. */
export function personConcepts(m: CohortMember, measures: readonly MeasureInfo[], plan: Plan): string[] {
  const out = ['referred'];
  if (m.started) out.push('started');
  if (m.status === 'completed') out.push('completed');
  const scores = [...m.scores.values()];
  if (scores.some((s) => s.pre !== null)) out.push('with_pre');
  if (scores.some((s) => s.pre !== null && s.post !== null)) out.push('with_pre_and_post');
  const sets = covariateSets(plan).filter((c) => c.length > 0);
  const complete = (c: readonly string[]) => c.every((k) => m.covariates[k as keyof typeof m.covariates] !== null);

  for (const w of [...new Set([...plan.windows, OGRS_WINDOW_MONTHS])]) {
    const any = provenReoffending(m.followUp, m.offences, w, 'any');
    if (!any.classed) {
      out.push(`not_classed|${w}`);
      continue;
    }
    out.push(`classed|${w}`);
    for (const category of OUTCOME_CATEGORIES) if (provenReoffending(m.followUp, m.offences, w, category).reoffended) out.push(`reoffended|${w}|${category}`);
    for (const c of sets) {
      const key = covariateKey(c);
      if (complete(c)) {
        out.push(`classed_complete|${w}|${key}`);
        if (any.reoffended) out.push(`classed_complete_reoff|${w}|${key}`);
      } else out.push(`classed_dropped|${w}|${key}`);
    }
    if (w === OGRS_WINDOW_MONTHS) {
      const scored = m.covariates.ogrs !== null;
      out.push(scored ? `classed_ogrs|${w}` : `classed_no_ogrs|${w}`);
      if (any.reoffended) out.push(scored ? `classed_ogrs_reoff|${w}` : `classed_no_ogrs_reoff|${w}`);
    }
  }

  const t = timeToFirstReoffence(m.followUp, m.offences, Math.max(...plan.windows), 'any');
  if (!t.included) out.push('not_curve');
  else {
    out.push('curve');
    if (t.event) out.push('curve_event');
    for (const c of sets) {
      const key = covariateKey(c);
      const kind = complete(c) ? 'cox' : 'cox_dropped';
      out.push(`${kind}|${key}`);
      if (t.event) out.push(`${kind}_event|${key}`);
    }
  }

  const withPre = scores.some((x) => x.pre !== null);
  const withBoth = scores.some((x) => x.pre !== null && x.post !== null);
  for (const measure of measures) {
    const s = m.scores.get(measure.measure);
    // The flow's people with a pre (and post) score on some measure, but not paired on this one.
    if (withBoth && (s?.pre == null || s.post == null)) out.push(`both_not_paired|${measure.measure}`);
    if (withPre && s?.pre == null) out.push(`pre_not_here|${measure.measure}`);
    if (s?.pre == null) continue;
    if (s.post == null) {
      out.push(`pre_only|${measure.measure}`);
      continue;
    }
    out.push(`paired|${measure.measure}`);
    out.push(`jt|${measure.measure}|${fineBin(s.pre, measure)}|${fineBin(s.post, measure)}`);
    for (const c of sets) out.push(`${complete(c) ? 'paired_complete' : 'paired_dropped'}|${measure.measure}|${covariateKey(c)}`);
  }
  return out;
}

/** Count every concept by atom, over the people in at least one compared level. */
export function runLinkage(cohort: readonly CohortMember[], measures: readonly MeasureInfo[], plan: Plan): Linkage {
  const atoms = new Map<string, { levels: (string | null)[]; counts: Record<string, number> }>();
  for (const m of cohort) {
    // Outside a comparison's filter, a person is at neither of its levels.
    const levels = plan.comparisons.map((c) => levelIn(m, c));
    if (levels.every((l) => l === null)) continue;
    const key = JSON.stringify(levels);
    let atom = atoms.get(key);
    if (!atom) atoms.set(key, (atom = { levels, counts: {} }));
    for (const concept of personConcepts(m, measures, plan)) atom.counts[concept] = (atom.counts[concept] ?? 0) + 1;
  }
  const sorted = [...atoms.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, atom]) => atom);
  return { comparisons: plan.comparisons.map((c) => c.id), covariate_sets: covariateSets(plan).map(covariateKey), atoms: sorted };
}
