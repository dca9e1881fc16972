/**
 * Disclosure rules for the attitude sections: item scoring, paired change (with reliable and
 * clinically significant change and attrition), the Jacobson–Truax bins and bands, and the
 * ANCOVA. Threshold rule and complementary suppression as in the ONS / GSS "Disclosure
 * control guidance for tables produced from administrative data".
 *
 * Counts and their bases:
 * - scoring: scored, prorated, missing_too_many_items, each of the people who answered
 *   (scored + missing_too_many_items, implied).
 * - change: n (people with a pre and a post score) is the base of everything paired; the
 *   RCI and CSC counts are parts of n; attrition.pre_only is a part of the people with a pre
 *   score (n + pre_only, implied).
 * - jacobson_truax: each bin's count, a part of the level's n.
 * - ancova: n, and dropped_missing_covariates as a part of the people in scope.
 *
 * Relations protected (checked ones only when the values obey them):
 * - scoring: answered = scored + missing_too_many_items; scored = prorated + fully scored;
 * - change: n = rci.improved + rci.unchanged + rci.deteriorated;
 *   n = csc.recovered + csc.improved + csc.unchanged + csc.deteriorated;
 *   rci.improved = csc.recovered + csc.improved; rci.unchanged = csc.unchanged;
 *   rci.deteriorated = csc.deteriorated; with a pre score = n + attrition.pre_only;
 * - jacobson_truax: the level's n = Σ its bins' counts (empty bins are known zeros);
 * - ancova: n + dropped_missing_covariates = the treatment level's n + the reference level's n
 *   (the same people in the paired change records), shared by the unadjusted and adjusted
 *   models.
 *
 * Statistics: every paired statistic (means, SD, t, df, p, CIs, Wilcoxon p, d, g, Holm p)
 * has base n and goes when n goes (df and CI widths give n back); a percentage of the RCI
 * goes with its count or n; the CSC block goes whole when n is small (its cut-off uses the
 * sample's mean and SD); mean_pre_pre_only has base pre_only. The bands' threshold and CSC
 * cut-off come from the level's pairs. ANCOVA estimates have base min(n, each level's n).
 */
import type { AnalysisResults } from '../../schemas/results.ts';
import { jacobsonTruaxConcepts } from './jacobsonTruaxGrid.ts';
import { addCell, addSum, type CellTable } from './cellTable.ts';
import { covariateKey } from '../../pipeline/analyse/modelCovariates.ts';
import { linkedCount } from './linkedCells.ts';
import { applyNoteRule, applyStatisticRules } from './statisticRule.ts';
import type { WithheldFields } from './withheldFields.ts';

type ChangeRecord = AnalysisResults['attitudes']['change'][number];

const PAIRED_STATISTICS = [
  'mean_pre', 'mean_post', 'mean_change', 'mean_improvement', 'sd_change', 't', 'df', 'p', 'ci_low', 'ci_high',
  'wilcoxon_p', 'd_z', 'd_av', 'd_av_ci_low', 'd_av_ci_high', 'g_av', 'p_holm', 'attrition.mean_pre_with_post',
] as const;
const RCI_COUNTS = ['improved', 'unchanged', 'deteriorated'] as const;
const CSC_COUNTS = ['recovered', 'improved', 'unchanged', 'deteriorated'] as const;
const ANCOVA_STATISTICS = ['estimate', 'se', 'df', 'p', 'ci_low', 'ci_high', 'std_estimate', 'pooled_sd_pre', 'e_value', 'e_value_ci', 'p_holm', 'weight_range'] as const;

/**
 * The covariate set that decides who an ANCOVA record fits: its own covariates for a complete-case
 * record; every plan covariate for an attrition-weighted one, whose response model (unadjusted or
 * not) takes the people with every plan covariate. Its counts are then those of the adjusted
 * complete-case record, the same cells.
 */
function fittedCovariateKey(results: AnalysisResults, r: AnalysisResults['attitudes']['ancova'][number]): string {
  const plan = results.plan as { covariates?: string[] };
  return covariateKey(r.weighting === 'attrition' ? (plan.covariates ?? []) : r.covariates);
}

const levelKey = (comparison: string, level: string, measure: string) => `${comparison}|${level}|${measure}`;

/** The paired-change record of a comparison level and measure, by key. */
function changeByLevel(results: AnalysisResults): Map<string, ChangeRecord> {
  return new Map(results.attitudes.change.map((r) => [levelKey(r.comparison, r.level, r.measure), r]));
}

/** Add the attitude counts and their relations to the table. */
export function addAttitudeCells(table: CellTable, results: AnalysisResults): void {
  results.attitudes.scoring.forEach((r, index) => {
    const k = `scoring|${index}`;
    const answered = r.scored !== null && r.missing_too_many_items !== null ? r.scored + r.missing_too_many_items : null;
    const at = (path: 'scored' | 'prorated' | 'missing_too_many_items') => ({ section: 'attitudes.scoring' as const, index, path });
    const a = addCell(table, { id: `${k}|answered`, value: answered, base: answered, total: true });
    const scored = addCell(table, { id: `${k}|scored`, value: r.scored, place: at('scored'), base: answered });
    const prorated = addCell(table, { id: `${k}|prorated`, value: r.prorated, place: at('prorated'), base: answered });
    const missing = addCell(table, { id: `${k}|missing`, value: r.missing_too_many_items, place: at('missing_too_many_items'), base: answered });
    const full = addCell(table, { id: `${k}|fully_scored`, value: r.scored !== null && r.prorated !== null ? r.scored - r.prorated : null, base: answered });
    addSum(table, a, [scored, missing], 'scoring: people answering = scored + missing too many items', 'defining');
    addSum(table, scored, [prorated, full], 'scoring: scored = prorated + fully scored', 'defining');
  });

  const nCell = new Map<string, string>();
  results.attitudes.change.forEach((r, index) => {
    const k = `change|${levelKey(r.comparison, r.level, r.measure)}`;
    const at = (path: string) => ({ section: 'attitudes.change' as const, index, path });
    const link = (concept: string) => ({ comparison: r.comparison, levels: [r.level], concepts: [concept] });
    const n = addCell(table, { id: `${k}|n`, value: r.n, place: at('n'), base: r.n, total: true, link: link(`paired|${r.measure}`) });
    nCell.set(levelKey(r.comparison, r.level, r.measure), n);
    const withPre = r.n !== null && r.attrition.pre_only !== null ? r.n + r.attrition.pre_only : null;
    const pre = addCell(table, { id: `${k}|with_pre`, value: withPre, base: withPre, total: true });
    const preOnly = addCell(table, { id: `${k}|pre_only`, value: r.attrition.pre_only, place: at('attrition.pre_only'), base: withPre, link: link(`pre_only|${r.measure}`) });
    addSum(table, pre, [n, preOnly], 'change: people with a pre score = n + attrition.pre_only', 'defining');
    if (r.rci) {
      const rci = RCI_COUNTS.map((c) => addCell(table, { id: `${k}|rci.${c}`, value: r.rci![c], place: at(`rci.${c}`), base: r.n }));
      addSum(table, n, rci, 'change: n = rci.improved + rci.unchanged + rci.deteriorated', 'checked');
      if (r.csc) {
        const csc = CSC_COUNTS.map((c) => addCell(table, { id: `${k}|csc.${c}`, value: r.csc![c], place: at(`csc.${c}`), base: r.n }));
        addSum(table, rci[0]!, [csc[0]!, csc[1]!], 'change: rci.improved = csc.recovered + csc.improved', 'checked');
        addSum(table, rci[1]!, [csc[2]!], 'change: rci.unchanged = csc.unchanged', 'checked');
        addSum(table, rci[2]!, [csc[3]!], 'change: rci.deteriorated = csc.deteriorated', 'checked');
      }
    }
    if (r.csc) {
      const csc = CSC_COUNTS.map((c) => addCell(table, { id: `${k}|csc.${c}`, value: r.csc![c], place: at(`csc.${c}`), base: r.n }));
      addSum(table, n, csc, 'change: n = csc.recovered + csc.improved + csc.unchanged + csc.deteriorated', 'checked');
    }
  });

  const change = changeByLevel(results);
  const bins = new Map<string, string[]>();
  results.attitudes.jacobson_truax.forEach((b, index) => {
    const key = levelKey(b.comparison, b.level, b.measure);
    const base = change.get(key)?.n ?? null;
    const link = { comparison: b.comparison, levels: [b.level], concepts: jacobsonTruaxConcepts(b, results.attitudes.measures) };
    const id = addCell(table, { id: `jacobson_truax|${b.comparison}|${b.level}|${b.measure}|w=${b.bin_width}|${b.pre_low}|${b.post_low}`, value: b.count, place: { section: 'attitudes.jacobson_truax', index, path: 'count' }, base, link });
    bins.set(key, [...(bins.get(key) ?? []), id]);
  });
  for (const [key, ids] of bins) {
    const n = nCell.get(key);
    if (n) addSum(table, n, ids, `jacobson_truax: the level's n = Σ bins (${key})`, 'checked');
  }

  results.attitudes.ancova.forEach((r, index) => {
    const cov = fittedCovariateKey(results, r);
    const k = `ancova|${r.comparison}|${r.measure}`;
    const at = (path: string) => ({ section: 'attitudes.ancova' as const, index, path });
    const link = (concept: string) => ({ comparison: r.comparison, levels: [r.treatment, r.reference], concepts: [concept] });
    const inScopeValue = r.n !== null && r.dropped_missing_covariates !== null ? r.n + r.dropped_missing_covariates : null;
    const inScope = addCell(table, { id: `${k}|in_scope`, value: inScopeValue, base: inScopeValue, total: true, link: link(`paired|${r.measure}`) });
    const n = addCell(table, { id: `${k}|cov=${cov}|n`, value: r.n, place: at('n'), base: r.n, total: true, link: link(cov ? `paired_complete|${r.measure}|${cov}` : `paired|${r.measure}`) });
    const dropped = addCell(table, {
      id: `${k}|cov=${cov}|dropped`,
      value: r.dropped_missing_covariates,
      place: at('dropped_missing_covariates'),
      base: inScopeValue,
      ...(cov ? { link: link(`paired_dropped|${r.measure}|${cov}`) } : {}),
    });
    addSum(table, inScope, [n, dropped], 'ancova: people in scope = n + dropped_missing_covariates', 'defining');
    const levels = [r.treatment, r.reference].map((l) => nCell.get(levelKey(r.comparison, l, r.measure)));
    if (levels.every((l) => l !== undefined)) addSum(table, inScope, levels as string[], "ancova: people in scope = the two levels' paired n", 'checked');
  });
}

/** Mark the attitude statistics that follow withheld or small counts. */
export function withholdAttitudeStatistics(withheld: WithheldFields, results: AnalysisResults, minCell: number): void {
  // The reliable change yardstick (SD, and the cut-off's mean) pools both levels of the
  // comparison: it rests on the smaller level's people.
  const bothLevels = new Map<string, number | null>();
  for (const r of results.attitudes.change) {
    const k = `${r.comparison}|${r.measure}`;
    const prev = bothLevels.get(k);
    bothLevels.set(k, prev === undefined ? r.n : prev === null || r.n === null ? null : Math.min(prev, r.n));
  }
  const pooledBase = (comparison: string, measure: string) => bothLevels.get(`${comparison}|${measure}`) ?? null;
  results.attitudes.change.forEach((r, index) => {
    applyStatisticRules(
      withheld,
      'attitudes.change',
      index,
      [
        { fields: PAIRED_STATISTICS, base: r.n, dependsOn: ['n'] },
        ...RCI_COUNTS.map((c) => ({ fields: [`rci.pct_${c}`], base: r.n, dependsOn: ['n', `rci.${c}`] })),
        { fields: ['csc'], base: r.n },
        { fields: ['rci_sd', 'csc.cutoff'], base: pooledBase(r.comparison, r.measure) },
        { fields: ['attrition.mean_pre_pre_only'], base: r.attrition.pre_only, dependsOn: ['attrition.pre_only'] },
      ],
      minCell,
    );
    applyNoteRule(withheld, 'attitudes.change', index, r.note, r.n, minCell);
  });
  const change = changeByLevel(results);
  results.attitudes.reliable_change_bands.forEach((b, index) => {
    const own = change.get(levelKey(b.comparison, b.level, b.measure))?.n ?? null;
    const pooled = pooledBase(b.comparison, b.measure);
    const base = own === null || pooled === null ? null : Math.min(own, pooled);
    applyStatisticRules(withheld, 'attitudes.reliable_change_bands', index, [{ fields: ['threshold', 'csc_cutoff'], base }], minCell);
  });
  results.attitudes.ancova.forEach((r, index) => {
    // No estimate when either level has fewer than minCell people in the model's own sample.
    const cov = fittedCovariateKey(results, r);
    const concept = cov ? `paired_complete|${r.measure}|${cov}` : `paired|${r.measure}`;
    const levels = [r.treatment, r.reference].map((l) => linkedCount(results.linkage, r.comparison, [l], concept));
    const known = [r.n, ...levels];
    const base = known.some((v) => v === null) ? null : Math.min(...(known as number[]));
    applyStatisticRules(withheld, 'attitudes.ancova', index, [{ fields: ANCOVA_STATISTICS, base }], minCell);
    applyNoteRule(withheld, 'attitudes.ancova', index, r.note, base, minCell);
  });
}
