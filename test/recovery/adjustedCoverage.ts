/**
 * Do the adjusted comparisons (issue 10) recover the CONDITIONAL effects the generator
 * planted? Band 3 groups mostly run Building Choices and grew after August 2024, so the raw
 * band 3 vs band 4 contrast mixes the band effect with the programme (and, with a calendar
 * trend, with time). A comparison with `adjust_for` / `filter` should recover the planted
 * band effect itself: truth.json's estimands.conditional (score units in the measure's
 * direction for the ANCOVA of post on pre; log HR for the Cox model).
 *
 * Comparisons (all through the real pipeline, from generation to runAnalysis):
 *   band_raw        facilitator_band band_3 vs band_4, as delivered
 *   band            the same, adjust_for [programme_family, start_period]
 *   band_period     the same, adjust_for [start_period] only (identifiable: see below)
 *   band_in_bc      the same, filter { programme_family: building_choices }, adjust_for [start_period]
 *   programme       programme_family building_choices vs legacy_specialist, adjust_for [facilitator_band, start_period]
 *   programme_band  the same, adjust_for [facilitator_band] only
 *   programme_raw   the raw programme comparison
 * band* are scored against the planted band effect, programme* against the planted
 * Building Choices effect. In this generator Building Choices groups start on or after
 * 2025-01-01 and legacy groups before, so programme family is a function of start_period.
 * In `band` the programme_family and start_period dummies are aliased (the pipeline drops
 * the aliased one, as R does, so `band` ≈ `band_period`). In `programme` the treatment
 * indicator itself is a sum of start_period dummies: the comparison is not identified (no
 * stratum has both programmes; the pipeline's overlap note says so), yet the pipeline
 * keeps the indicator and drops a period dummy, so its "estimate" contrasts one Building
 * Choices half-year with the reference legacy half-year. `programme_band` is the
 * identifiable programme comparison, unbiased only without a calendar trend.
 *
 * For each seed: the unadjusted-covariates records (no plan covariates; the adjust_for
 * dummies are still in) of results.attitudes.ancova per measure and results.reconviction.cox,
 * whether the 95% CI covers the planted effect, and the bias against it. For the hazard also
 * against the intention-to-treat version (planted log HR × share who started: people
 * referred who never started get no effect but stay in the Cox comparison), and for the raw
 * comparisons against the marginal estimand (estimands.<outcome>.<contrast>.expected), which
 * is what a raw comparison estimates.
 *
 *   npm run recovery:adjusted -- [--seeds 40] [--people 4000] [--trend on|off]
 *     [--extract-date 2028-10-31] [--trend-attitudes -0.1] [--trend-log-hr 0.1] [--frailty 0]
 *
 * Diagnostic row "hazard, R-like": the pipeline's Cox refuses a model in which any
 * coefficient diverges, and a held-fixed level with no reoffence among its people (late
 * start periods have little follow-up) makes its dummy diverge to −∞. R's coxph warns and
 * reports the other coefficients, which equal those of the model without that level's
 * people (their risk weight → 0). This row refits the same Cox model (pipeline code:
 * survivalTimes, modelColumns, coxProportionalHazards) leaving out the people at held-fixed
 * levels with no event, to show what the adjusted Cox recovers once that is handled.
 *
 * --trend on plants a calendar trend of --trend-attitudes SD per year on post scores and
 * --trend-log-hr per year on the log hazard (effects.trend). --frailty sets the group
 * log-frailty SD (generator default 0); with frailty > 0 the Cox model (cluster-robust
 * variance, no frailty term) estimates a log HR averaged over the frailty, attenuated
 * towards 0 relative to the planted conditional one.
 */
import { adjustedFor, membersCompared } from '../../pipeline/analyse/comparisonMembers.ts';
import { guarded } from '../../pipeline/analyse/guarded.ts';
import { modelColumns } from '../../pipeline/analyse/reconviction/cohortColumns.ts';
import { survivalTimes } from '../../pipeline/analyse/reconviction/survival.ts';
import { coxProportionalHazards } from '../../pipeline/analyse/stats/coxProportionalHazards.ts';
import type { CohortMember } from '../../pipeline/derive/cohort.ts';
import { planSchema, type Comparison } from '../../schemas/plan.ts';
import { analyseSeeds, numberArg, stringArg, switchArg } from './analyseSeeds.ts';

const seeds = numberArg('seeds', 40);
const people = numberArg('people', 4000);
const extractDate = stringArg('extract-date', '2028-10-31');
const trendOn = switchArg('trend', false);
const trend = trendOn ? { attitudes_per_year: numberArg('trend-attitudes', -0.1), log_hr_per_year: numberArg('trend-log-hr', 0.1) } : { attitudes_per_year: 0, log_hr_per_year: 0 };
const frailty = numberArg('frailty', 0);

const BAND = { by: 'facilitator_band', treatment: 'band_3', reference: 'band_4' } as const;
const PROGRAMME = { by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' } as const;
export const ADJUSTED_PLAN = planSchema.parse({
  comparisons: [
    { id: 'band_raw', ...BAND },
    { id: 'band', ...BAND, adjust_for: ['programme_family', 'start_period'] },
    { id: 'band_period', ...BAND, adjust_for: ['start_period'] },
    { id: 'band_in_bc', ...BAND, filter: { programme_family: 'building_choices' }, adjust_for: ['start_period'] },
    { id: 'programme', ...PROGRAMME, adjust_for: ['facilitator_band', 'start_period'] },
    { id: 'programme_band', ...PROGRAMME, adjust_for: ['facilitator_band'] },
    { id: 'programme_raw', ...PROGRAMME },
  ],
});
/** The truth.json contrast each comparison is scored against. */
const CONTRAST = (id: string) => (id.startsWith('band') ? 'band_3_vs_band_4' : 'building_choices_vs_legacy_specialist');
const RAW = new Set(['band_raw', 'programme_raw']);

interface Target {
  covered: number;
  bias: number;
  runs: number;
}
interface Row {
  seeds: number;
  fitted: number;
  estimate: number;
  /** Sum of squared estimates, for the SD of the estimates across seeds. */
  estimate2: number;
  se: number;
  planted: Target;
  itt: Target;
  marginal: Target;
  notes: Map<string, number[]>;
}
const newTarget = (): Target => ({ covered: 0, bias: 0, runs: 0 });
const rows = new Map<string, Row>();
const rowOf = (comparison: string, outcome: string): Row => {
  const key = `${comparison}\t${outcome}`;
  let r = rows.get(key);
  if (!r) {
    r = { seeds: 0, fitted: 0, estimate: 0, estimate2: 0, se: 0, planted: newTarget(), itt: newTarget(), marginal: newTarget(), notes: new Map() };
    rows.set(key, r);
  }
  return r;
};
const score = (t: Target, estimate: number, low: number, high: number, truth: number | null | undefined) => {
  if (truth === null || truth === undefined) return;
  t.runs++;
  t.covered += low <= truth && truth <= high ? 1 : 0;
  t.bias += estimate - truth;
};
const tally = (
  seed: number,
  r: Row,
  fit: { estimate: number | null; low: number | null; high: number | null; se: number | null; note: string | null },
  truth: { planted: number; itt?: number | null; marginal?: number | null },
) => {
  r.seeds++;
  if (fit.estimate === null || fit.low === null || fit.high === null) {
    // Shorten the note to its gist (column numbers and level names vary by seed).
    const gist = (fit.note ?? 'no estimate').replace(/column \d+/g, 'column k').replace(/start_period\d{4}_h\d/g, 'start_period<level>');
    r.notes.set(gist, [...(r.notes.get(gist) ?? []), seed]);
    return;
  }
  r.fitted++;
  r.estimate += fit.estimate;
  r.estimate2 += fit.estimate ** 2;
  r.se += fit.se ?? 0;
  score(r.planted, fit.estimate, fit.low, fit.high, truth.planted);
  score(r.itt, fit.estimate, fit.low, fit.high, truth.itt);
  score(r.marginal, fit.estimate, fit.low, fit.high, truth.marginal);
};

/** The Cox model of the comparison without the people at held-fixed levels that have no event (see the file comment). */
function coxWithoutEventlessLevels(cohort: readonly CohortMember[], comparison: Comparison, maxWindow: number) {
  const { kept } = survivalTimes(membersCompared(cohort, comparison), maxWindow);
  const factors = adjustedFor(comparison);
  const events = new Map<string, number>();
  for (const k of kept) for (const f of factors) events.set(`${f}=${k.member.levels[f]}`, (events.get(`${f}=${k.member.levels[f]}`) ?? 0) + (k.event ? 1 : 0));
  const used = kept.filter((k) => factors.every((f) => (events.get(`${f}=${k.member.levels[f]}`) ?? 0) > 0));
  const cols = modelColumns(
    used.map((k) => k.member),
    comparison,
    [],
  );
  const byMember = new Map(used.map((k) => [k.member, k]));
  const fit = guarded(() =>
    coxProportionalHazards({
      time: cols.members.map((m) => byMember.get(m)!.timeDays),
      event: cols.members.map((m) => (byMember.get(m)!.event ? 1 : 0)),
      covariates: cols.covariates,
      cluster: cols.cluster,
    }),
  );
  const term = fit.value?.terms.find((t) => t.term === 'treatment');
  const log = (x: number | undefined) => (x === undefined ? null : Math.log(x));
  return { estimate: log(term?.hazardRatio), low: log(term?.lower), high: log(term?.upper), se: term ? (term.robustSe ?? term.se) : null, note: fit.note };
}

const suppressedNote = (fields: string[] | undefined) => (fields?.length ? `suppressed (disclosure): ${fields.join(', ')}` : null);

const started = Date.now();
let conditional: any = null;
const overlapNotes = new Map<string, number>();
const maxWindow = Math.max(...ADJUSTED_PLAN.windows);
for await (const { seed, results, truth, cohort } of analyseSeeds(seeds, ADJUSTED_PLAN, { people, extractDate, effects: { trend, group_frailty_sd: frailty } }, { cohort: true })) {
  conditional ??= truth.estimands.conditional;
  for (const note of results.adjustment?.notes ?? []) {
    const gist = note.replace(/\d+/g, '#').replace(/\(.*\)/, '(…)');
    overlapNotes.set(gist, (overlapNotes.get(gist) ?? 0) + 1);
  }
  for (const a of results.attitudes.ancova.filter((r) => !r.adjusted)) {
    const contrast = CONTRAST(a.comparison);
    tally(
      seed,
      rowOf(a.comparison, a.measure),
      { estimate: a.estimate, low: a.ci_low, high: a.ci_high, se: a.se, note: a.note ?? suppressedNote(a.suppressed) },
      {
        planted: truth.estimands.conditional.attitudes[a.measure][contrast],
        marginal: RAW.has(a.comparison) ? truth.estimands.attitudes[a.measure]?.[contrast]?.expected : null,
      },
    );
  }
  for (const c of results.reconviction.cox.filter((r) => !r.adjusted)) {
    const contrast = CONTRAST(c.comparison);
    const log = (x: number | null) => (x === null ? null : Math.log(x));
    tally(
      seed,
      rowOf(c.comparison, 'hazard (log HR)'),
      { estimate: log(c.hr), low: log(c.ci_low), high: log(c.ci_high), se: c.se, note: c.note ?? suppressedNote((c as { suppressed?: string[] }).suppressed) },
      {
        planted: truth.estimands.conditional.hazard[contrast],
        itt: truth.estimands.conditional.hazard.intention_to_treat[contrast],
        marginal: RAW.has(c.comparison) ? truth.estimands.hazard[contrast]?.expected : null,
      },
    );
  }
  for (const comparison of ADJUSTED_PLAN.comparisons) {
    if (!comparison.adjust_for?.length || !cohort) continue;
    const contrast = CONTRAST(comparison.id);
    tally(seed, rowOf(comparison.id, 'hazard, R-like (diagnostic)'), coxWithoutEventlessLevels(cohort, comparison, maxWindow), {
      planted: truth.estimands.conditional.hazard[contrast],
      itt: truth.estimands.conditional.hazard.intention_to_treat[contrast],
    });
  }
}
process.stderr.write('\n');

const pct = (t: Target) => (t.runs ? `${t.covered}/${t.runs} ${((100 * t.covered) / t.runs).toFixed(0).padStart(3)}%` : '-');
const bias = (t: Target) => (t.runs ? (t.bias / t.runs).toFixed(3) : '-');
const out = (s: string) => process.stdout.write(`${s}\n`);
out(
  `Adjusted comparisons: 95% CI coverage of the PLANTED conditional effect (truth.json estimands.conditional), ${seeds} seeds × ${people} people, extract date ${extractDate}, ` +
    `trend ${trendOn ? `on (attitudes ${trend.attitudes_per_year} SD/year, log HR ${trend.log_hr_per_year}/year)` : 'off'}, group frailty SD ${frailty}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
out(
  'Unadjusted-covariates records (no plan covariates; adjust_for dummies in). Units: score units (ANCOVA), log HR (Cox). Bias = mean(estimate − target) over fitted seeds; ' +
    'SD est = SD of the estimates across seeds (compare with mean SE).',
);
out(
  `planted: attitudes ${Object.entries<any>(conditional?.attitudes ?? {})
    .map(([m, v]) => `${m} band ${v.band_3_vs_band_4} / BC ${v.building_choices_vs_legacy_specialist}`)
    .join('; ')}; hazard band ${conditional?.hazard.band_3_vs_band_4} / BC ${conditional?.hazard.building_choices_vs_legacy_specialist} (per starter)`,
);
out('');
const header = [
  'comparison'.padEnd(15),
  'outcome'.padEnd(29),
  'fitted'.padStart(6),
  'mean est'.padStart(9),
  'mean SE'.padStart(8),
  'SD est'.padStart(7),
  'cover planted'.padStart(14),
  'bias'.padStart(7),
  'bias/SE'.padStart(8),
  'cover ITT'.padStart(13),
  'bias'.padStart(7),
  'cover marginal'.padStart(14),
  'bias'.padStart(7),
];
out(header.join(' '));
for (const [key, r] of rows) {
  const [comparison, outcome] = key.split('\t') as [string, string];
  const meanSe = r.fitted ? r.se / r.fitted : NaN;
  const b = r.planted.runs ? r.planted.bias / r.planted.runs : NaN;
  out(
    [
      comparison.padEnd(15),
      outcome.padEnd(29),
      `${r.fitted}/${r.seeds}`.padStart(6),
      (r.fitted ? (r.estimate / r.fitted).toFixed(3) : '-').padStart(9),
      (r.fitted ? meanSe.toFixed(3) : '-').padStart(8),
      (r.fitted > 1 ? Math.sqrt((r.estimate2 - r.estimate ** 2 / r.fitted) / (r.fitted - 1)).toFixed(3) : '-').padStart(7),
      pct(r.planted).padStart(14),
      bias(r.planted).padStart(7),
      (r.fitted ? (b / meanSe).toFixed(2) : '-').padStart(8),
      pct(r.itt).padStart(13),
      bias(r.itt).padStart(7),
      pct(r.marginal).padStart(14),
      bias(r.marginal).padStart(7),
    ].join(' '),
  );
}
out('');
out('Seeds without an estimate, by reason:');
let any = false;
for (const [key, r] of rows) {
  for (const [note, failed] of r.notes) {
    any = true;
    const which = failed.length <= 5 ? ` (seeds ${failed.join(', ')})` : '';
    out(`  ${key.replace('\t', ' ').padEnd(45)} ${String(failed.length).padStart(3)}× ${note}${which}`);
  }
}
if (!any) out('  none');
out('');
out('Overlap notes of the pipeline (results.adjustment.notes; numbers as #), and in how many seeds:');
for (const [note, n] of overlapNotes) out(`  ${String(n).padStart(3)}× ${note}`);
if (!overlapNotes.size) out('  none');
out('');
out('How far the raw band comparison falls from the planted band effect (mean bias, and in mean SEs):');
for (const [key, r] of rows) {
  const [comparison, outcome] = key.split('\t') as [string, string];
  if (comparison !== 'band_raw' || !r.fitted) continue;
  const b = r.planted.bias / r.planted.runs;
  out(`  ${outcome.padEnd(29)} ${b.toFixed(3).padStart(7)} (${(b / (r.se / r.fitted)).toFixed(2)} SE); covers the planted effect in ${pct(r.planted)} of seeds`);
}
