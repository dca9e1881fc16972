/**
 * The limitations: what was suppressed and why, what could not be estimated, which
 * assumptions look doubtful, and what the design cannot rule out. Generated from the
 * results, so it lists what this run actually met.
 */
import type { Results } from '../../schemas/results.ts';
import { covariateLabel } from '../charts/covariates.ts';
import { comparisonName } from '../charts/levels.ts';
import { measureInfo } from '../charts/measures.ts';
import { escapeHtml } from './escapeHtml.ts';

/** Fewer clusters than this make sandwich errors optimistic (Cameron & Miller 2015, J. Human Resources 50:317). */
export const FEW_CLUSTERS = 30;

export function limitationsSection(results: Results): string {
  const items: string[] = [
    'People were not randomly allocated to programmes or to facilitator bands. Building Choices replaced the legacy programmes in time, and band 3 facilitators became common as it did, so differences between levels can reflect changes over time and in who was referred, as well as the programmes. The adjusted models and the matched comparison allow only for the covariates in the plan.',
  ];
  if (results.verdicts.length) {
    items.push(
      'A verdict is only as good as its margin and its estimate: the margins were set in the plan, and "at least as good" rules out harm larger than the margin for people like those compared, allowing only for what the models adjust for (the E-values say how strong an unmeasured difference would have to be). The dates by which a question can be answered assume that enrolment, follow-up, matching and reoffending go on at the rates of the last 12 months.',
    );
  }
  for (const note of results.disclosure.notes) items.push(escapeHtml(note));
  // Comparisons, measures and covariates by name, not by their codes.
  const name = (id: string) => comparisonName(results, id);
  const measure = (code: string) => measureInfo(results, code).label;
  const notEstimated = [
    ...results.attitudes.ancova.filter((a) => a.note).map((a) => `${name(a.comparison)} / ${measure(a.measure)}${a.adjusted ? ' (adjusted)' : ''}${a.weighting === 'attrition' ? ' (weighted for attrition)' : ''}: ${a.note}`),
    ...results.reconviction.cox.filter((c) => c.note).map((c) => `Cox, ${name(c.comparison)}${c.adjusted ? ' (adjusted)' : ''}: ${c.note}`),
    ...results.reconviction.logistic.filter((l) => l.note).map((l) => `logistic, ${name(l.comparison)}, ${l.window_months} months: ${l.note}`),
    ...results.reconviction.matched.filter((m) => m.note).map((m) => `matching, ${name(m.comparison)}, ${m.window_months} months: ${m.note}`),
  ];
  if (notEstimated.length) items.push(`Not estimated: <ul>${notEstimated.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  // Cluster-robust errors with few groups are too small (Cameron & Miller 2015: fewer than about 30 clusters).
  const fewGroups = [
    ...results.reconviction.cox.filter((c) => c.hr !== null && c.clusters !== null && c.clusters < FEW_CLUSTERS).map((c) => `Cox, ${name(c.comparison)}${c.adjusted ? ' (adjusted)' : ''}: ${c.clusters} groups`),
    ...results.reconviction.logistic.filter((l) => l.or !== null && l.clusters != null && l.clusters < FEW_CLUSTERS).map((l) => `logistic, ${name(l.comparison)}, ${l.window_months} months: ${l.clusters} groups`),
  ];
  if (fewGroups.length) items.push(`These models' robust errors rest on fewer than ${FEW_CLUSTERS} groups, so their intervals may be too narrow (the ANCOVA's CR2 errors with Satterthwaite df allow for this; the Cox and logistic models' do not): ${fewGroups.map(escapeHtml).join('; ')}.`);
  const ph = results.reconviction.cox.filter((c) => c.ph_violated);
  if (ph.length) items.push(`The proportional-hazards check suggests the hazard ratio changes over follow-up for: ${ph.map((c) => escapeHtml(`${name(c.comparison)}${c.adjusted ? ' (adjusted)' : ''}`)).join(', ')}.`);
  const imbalanced = results.reconviction.matched.flatMap((m) => m.balance.filter((b) => b.imbalanced).map((b) => `${name(m.comparison)} (${m.window_months} months): ${covariateLabel(b.covariate)}`));
  if (imbalanced.length) items.push(`After matching, some covariates remain imbalanced (|SMD| &gt; 0.1): ${imbalanced.map(escapeHtml).join('; ')}.`);
  const unmatched = results.reconviction.matched.filter((m) => (m.unmatched_treated ?? 0) > 0);
  if (unmatched.length) items.push(`Some treated people had no comparison person within the caliper and are left out of the matched comparison: ${unmatched.map((m) => escapeHtml(`${name(m.comparison)}, ${m.window_months} months: ${m.unmatched_treated}`)).join('; ')}.`);
  const waiting = results.reconviction.rates.filter((r) => r.category === 'any' && (r.excluded ?? 0) > 0);
  if (waiting.length) items.push('People not yet followed up long enough for a window are left out of its rates (the "not yet classed" column); recent programmes, such as Building Choices, therefore have fewer people classed.');
  return `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}
