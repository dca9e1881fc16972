/**
 * The report's tables, defined once and written twice: as CSV (tables/*.csv) and as HTML
 * in report.html. Each table takes its rows from a section of the results after disclosure
 * control. A withheld value prints as its mark, `[low]` (it concerns fewer than min_cell
 * people, or a model rests on too few) or `[c]` (withheld to protect another figure), read
 * from the record's `suppressed_reason`; a value that could not be computed is blank.
 *
 * Each column that shows a results field names its path in the section's records
 * (`rci.improved`, `classed.12.n`, `balance.{covariate}.smd_after`, with `{field}` filled in
 * from the row), and takes its kind, count of people or other number, from the schema's
 * disclosure metadata (`isCountField`), so the two cannot drift apart.
 */
import type { Results } from '../../schemas/results.ts';
import { neutraliseFormula } from './neutraliseFormula.ts';
import { isCountField } from '../disclosure/disclosureRoles.ts';
import type { SectionName } from '../disclosure/cellTable.ts';
import { withheldMark, withheldReason, type MaybeSuppressed } from '../charts/suppression.ts';
import { comparisonName, factorWords, levelLabel } from '../charts/levels.ts';
import { measureInfo } from '../charts/measures.ts';
import { covariateLabel } from '../charts/covariates.ts';
import { fmt, VERDICT_LABEL } from '../html/verdictSentences.ts';
import { pValueText } from '../render/pValueText.ts';

/** How a column reads: text; a count of people; an integer that is not a count; any other number; a proportion as a percentage; a p-value. */
export type CellKind = 'text' | 'count' | 'integer' | 'number' | 'percent' | 'p';

export interface TableColumn {
  key: string;
  label: string;
  kind: CellKind;
  /** The results field the column shows, as a path in the section's records; null when derived from none. */
  path: string | null;
  /** For a column of codes: the words the report shows for a code (the CSV keeps the code). */
  words?: (code: string) => string;
  /**
   * For a column of numbers on several scales (the verdicts' estimates and margins): the row
   * field naming each row's scale. A risk difference then reads in percentage points
   * ("−2.0 points"), as the headline writes it; the CSV keeps the proportion.
   */
  scaleField?: string;
}

export interface ResultTable {
  id: string;
  title: string;
  /** The results section the rows come from. */
  section: SectionName;
  columns: TableColumn[];
  rows: Record<string, unknown>[];
}

type Row = Record<string, unknown> & MaybeSuppressed;

/** The factors a model held fixed, for a table cell ('–' when none). */
const heldFixed = (factors: readonly string[] | undefined) => (factors?.length ? factors.join(', ') : null);

/** A path with its `{field}` placeholders filled in from the row (or with `*`, for the schema). */
function resolvePath(path: string, row: Row | null): string {
  return path.replace(/\{([a-z_]+)\}/g, (_, field: string) => (row ? String(row[field]) : '*'));
}

const CATEGORY_WORDS: Record<string, string> = { any: 'Any proven reoffence', sexual: 'Sexual', violent: 'Violent' };
const OUTCOME_WORDS: Record<string, string> = { reoffending: 'Proven reoffending', attitudes: 'Attitudes' };
const METHOD_WORDS: Record<string, string> = { matched: 'Matched risk difference', cox: 'Cox hazard ratio', ancova: 'ANCOVA' };
const SCALE_WORDS: Record<string, string> = { risk_difference: 'Risk difference (percentage points)', hazard_ratio: 'Hazard ratio', points: 'Points', standardised: 'Standardised' };
const fromList = (words: Record<string, string>) => (code: string) => words[code] ?? code.replace(/_/g, ' ');

/** The words each column of codes shows, by column key. */
function codeWords(results: Results): Record<string, (code: string) => string> {
  return {
    comparison: (id) => comparisonName(results, id),
    level: levelLabel,
    treatment: levelLabel,
    reference: levelLabel,
    programme_family: levelLabel,
    measure: (m) => measureInfo(results, m).label,
    category: fromList(CATEGORY_WORDS),
    outcome: fromList(OUTCOME_WORDS),
    method: fromList(METHOD_WORDS),
    margin_scale: fromList(SCALE_WORDS),
    verdict: fromList(VERDICT_LABEL),
    attrition_verdict: fromList(VERDICT_LABEL),
    held_fixed: (list) => factorWords(list.split(', ')),
    covariate: covariateLabel,
  };
}

/** Column builders for one section: `v` takes its kind (count or number) from the schema; a text column of codes shows their words. */
function columnsFor(section: SectionName, words: Record<string, (code: string) => string>) {
  return {
    t: (key: string, label: string, path: string | null = key): TableColumn => ({ key, label, kind: 'text', path, ...(words[key] ? { words: words[key] } : {}) }),
    v: (key: string, label: string, path: string = key): TableColumn => ({ key, label, kind: isCountField(section, resolvePath(path, null)) ? 'count' : 'number', path }),
    int: (key: string, label: string, path: string = key): TableColumn => ({ key, label, kind: 'integer', path }),
    pct: (key: string, label: string, path: string = key): TableColumn => ({ key, label, kind: 'percent', path }),
    p: (key: string, label: string, path: string = key): TableColumn => ({ key, label, kind: 'p', path }),
  };
}

export function resultTables(results: Results): ResultTable[] {
  const flow = results.flow.map((f) => ({ ...f, ...Object.fromEntries(f.classed.map((x) => [`classed_${x.window_months}`, x.n])) }));
  const windows = [...new Set(results.flow.flatMap((f) => f.classed.map((x) => x.window_months)))];
  const balance = results.reconviction.matched.flatMap((m) =>
    m.balance.map((b) => ({
      comparison: m.comparison,
      window_months: m.window_months,
      ...b,
      imbalanced: b.imbalanced === null ? null : b.imbalanced ? 'yes' : 'no',
      suppressed: m.suppressed,
      suppressed_reason: m.suppressed_reason,
    })),
  );
  const words = codeWords(results);
  const table = (id: string, title: string, section: SectionName, columns: (c: ReturnType<typeof columnsFor>) => TableColumn[], rows: readonly object[]): ResultTable => ({
    id,
    title,
    section,
    columns: columns(columnsFor(section, words)),
    rows: rows as Row[],
  });
  return [
    table('participant_flow', 'Participant flow', 'flow', ({ t, v }) => [
      t('comparison', 'Comparison'), t('level', 'Level'), v('referred', 'Referred (people)'), v('later_enrolments', 'Later enrolments set aside'), v('started', 'Started'), v('completed', 'Completed'), v('with_pre', 'Pre score'), v('with_pre_and_post', 'Pre and post'),
      ...windows.map((w) => v(`classed_${w}`, `Classed ${w} m`, `classed.${w}.n`)),
    ], flow),
    table('attitude_change', 'Attitude change from pre to post, by level', 'attitudes.change', ({ t, v, p }) => [
      t('comparison', 'Comparison'), t('level', 'Level'), t('measure', 'Measure'), t('direction', 'Better is'), v('n', 'n'), v('mean_pre', 'Mean pre'), v('mean_post', 'Mean post'),
      v('mean_change', 'Change'), v('ci_low', '95% CI low'), v('ci_high', '95% CI high'), p('p', 'p (t)'), p('wilcoxon_p', 'p (Wilcoxon)'), p('p_holm', 'p (Holm)'), v('d_av', 'd_av'), v('g_av', 'g_av'),
      v('rci_sd', 'RCI SD'), v('rci_improved', 'Reliably improved', 'rci.improved'), v('rci_unchanged', 'Unchanged', 'rci.unchanged'), v('rci_deteriorated', 'Reliably deteriorated', 'rci.deteriorated'), v('pre_only', 'Pre only', 'attrition.pre_only'),
    ], results.attitudes.change.map((r) => ({
      ...r,
      direction: r.direction === 'higher_better' ? 'higher' : 'lower',
      rci_improved: r.rci?.improved ?? null,
      rci_unchanged: r.rci?.unchanged ?? null,
      rci_deteriorated: r.rci?.deteriorated ?? null,
      pre_only: r.attrition.pre_only,
    }))),
    table('ancova', 'Difference between levels in post scores, allowing for pre scores (ANCOVA, CR2 cluster-robust)', 'attitudes.ancova', ({ t, v, int, p }) => [
      t('comparison', 'Comparison'), t('measure', 'Measure'), t('treatment', 'Treatment'), t('reference', 'Reference'), t('adjusted', 'Adjusted'), t('weighting', 'Weighting'), t('held_fixed', 'Held fixed', 'adjust_for'), v('estimate', 'Difference'), v('ci_low', '95% CI low'), v('ci_high', '95% CI high'), v('df', 'df'), p('p', 'p'), p('p_holm', 'p (Holm)'), v('std_estimate', 'Standardised'), v('e_value', 'E-value'), v('e_value_ci', 'E-value (CI)'), v('n', 'n'), int('clusters', 'Groups'),
    ], results.attitudes.ancova.map((r) => ({ ...r, adjusted: r.adjusted ? 'yes' : 'no', weighting: r.weighting === 'attrition' ? 'for attrition' : 'complete case', held_fixed: heldFixed(r.adjust_for) }))),
    table('reoffending_rates', 'Proven reoffending rates', 'reconviction.rates', ({ t, v, int, pct }) => [
      t('comparison', 'Comparison'), t('level', 'Level'), int('window_months', 'Window (months)'), t('category', 'Category'), v('n', 'Classed'), v('excluded', 'Not yet classed'), v('reoffended', 'Reoffended'), pct('rate', 'Rate'), pct('ci_low', '95% CI low'), pct('ci_high', '95% CI high'), v('offences_per_100', 'Offences per 100'),
    ], results.reconviction.rates),
    table('reoffending_differences', 'Difference in proven reoffending rates (treatment − reference; Newcombe CI, and for levels assigned per group the CR2 CI clustered on group)', 'reconviction.differences', ({ t, int, pct }) => [
      t('comparison', 'Comparison'), int('window_months', 'Window (months)'), t('category', 'Category'), pct('difference', 'Difference'), pct('ci_low', '95% CI low'), pct('ci_high', '95% CI high'),
      pct('cluster_ci_low', '95% CI low, by group (CR2)', 'cluster.ci_low'), pct('cluster_ci_high', '95% CI high, by group (CR2)', 'cluster.ci_high'), int('cluster_groups', 'Groups', 'cluster.clusters'),
    ], results.reconviction.differences.map((d) => ({ ...d, cluster_ci_low: d.cluster?.ci_low ?? null, cluster_ci_high: d.cluster?.ci_high ?? null, cluster_groups: d.cluster?.clusters ?? null }))),
    table('landmark_survival', 'Share not yet proven to have reoffended at 3, 6, 12 and 24 months (Kaplan–Meier), with Greenwood and cluster-bootstrap 95% CIs', 'reconviction.landmarks', ({ t, v, int }) => [
      t('comparison', 'Comparison'), t('level', 'Level'), int('months', 'Months'), v('surv', 'Not reoffended'), v('ci_low', '95% CI low (Greenwood)'), v('ci_high', '95% CI high (Greenwood)'), v('boot_ci_low', '95% CI low (groups resampled)'), v('boot_ci_high', '95% CI high (groups resampled)'), int('clusters', 'Groups'),
    ], results.reconviction.landmarks),
    table('cox', 'Hazard ratios for time to first proven reoffence (Cox, Efron ties, robust errors by group)', 'reconviction.cox', ({ t, v, int, p }) => [
      t('comparison', 'Comparison'), t('adjusted', 'Adjusted'), t('held_fixed', 'Held fixed', 'adjust_for'), v('hr', 'Hazard ratio'), v('ci_low', '95% CI low'), v('ci_high', '95% CI high'), p('p', 'p'), v('n', 'n'), v('events', 'Events'), p('ph_p', 'PH check p'), t('ph_violated', 'PH doubtful'), v('e_value', 'E-value'), v('e_value_ci', 'E-value (CI)'), int('clusters', 'Groups'),
    ], results.reconviction.cox.map((r) => ({ ...r, adjusted: r.adjusted ? 'yes' : 'no', held_fixed: heldFixed(r.adjust_for), ph_violated: r.ph_violated === null ? null : r.ph_violated ? 'yes' : 'no' }))),
    table('logistic', 'Adjusted odds ratios of proven reoffending (logistic, cluster-robust)', 'reconviction.logistic', ({ t, v, int, p }) => [
      t('comparison', 'Comparison'), int('window_months', 'Window (months)'), v('or', 'Odds ratio'), v('ci_low', '95% CI low'), v('ci_high', '95% CI high'), p('p', 'p'), v('e_value', 'E-value'), v('e_value_ci', 'E-value (CI)'), v('n', 'n'), int('clusters', 'Groups'),
    ], results.reconviction.logistic),
    table('matched', 'Propensity-matched comparison (1:1 nearest neighbour, caliper 0.2 SD)', 'reconviction.matched', ({ t, v, int, pct }) => [
      t('comparison', 'Comparison'), int('window_months', 'Window (months)'), v('n_treated', 'Matched treated'), v('n_control', 'Matched controls'), v('unmatched_treated', 'Treated unmatched'), pct('rate_treated', 'Rate treated'), pct('rate_control', 'Rate controls'), pct('difference', 'Difference'), pct('ci_low', '95% CI low'), pct('ci_high', '95% CI high'), pct('paired_ci_low', '95% CI low, paired'), pct('paired_ci_high', '95% CI high, paired'), v('e_value', 'E-value'), v('e_value_ci', 'E-value (CI)'),
    ], results.reconviction.matched),
    table('matching_balance', 'Covariate balance before and after matching (standardised mean differences)', 'reconviction.matched', ({ t, v, int }) => [
      t('comparison', 'Comparison'), int('window_months', 'Window (months)'), t('covariate', 'Covariate'), v('smd_before', 'SMD before', 'balance.{covariate}.smd_before'), v('smd_after', 'SMD after', 'balance.{covariate}.smd_after'), t('imbalanced', '|SMD| > 0.1 after', 'balance.{covariate}.imbalanced'),
    ], balance),
    table('observed_expected', 'Observed against OGRS-expected reoffending within 24 months', 'reconviction.observed_expected', ({ t, v }) => [
      t('comparison', 'Comparison'), t('level', 'Level'), v('n', 'n'), v('observed', 'Observed'), v('expected', 'Expected'), v('ratio', 'O/E'), v('ci_low', '95% CI low'), v('ci_high', '95% CI high'),
    ], results.reconviction.observed_expected),
    table('frequency', 'Proven reoffences per person, and their rate ratio (Poisson, cluster-robust)', 'reconviction.frequency', ({ t, v, int, p }) => [
      t('comparison', 'Comparison'), int('window_months', 'Window (months)'), v('per_person_treated', 'Per person, treatment'), v('per_person_control', 'Per person, reference'), v('rate_ratio', 'Rate ratio'), v('ci_low', '95% CI low'), v('ci_high', '95% CI high'), p('p', 'p'),
    ], results.reconviction.frequency),
    table('time_to_reoffence', 'Days to first proven reoffence among those who reoffended within the window', 'reconviction.time_to_reoffence', ({ t, v, int }) => [
      t('comparison', 'Comparison'), t('level', 'Level'), int('window_months', 'Window (months)'), v('mean_days', 'Mean days'), v('ci_low', '95% CI low'), v('ci_high', '95% CI high'),
    ], results.reconviction.time_to_reoffence),
    table('verdicts', 'Non-inferiority verdicts against the plan\'s margins (CONSORT)', 'verdicts', ({ t, v, int }) => [
      t('comparison', 'Comparison'), t('outcome', 'Outcome'), int('window_months', 'Window (months)'), t('measure', 'Measure'), t('method', 'From'), ...[v('estimate', 'Estimate'), v('ci_low', '95% CI low'), v('ci_high', '95% CI high'), v('margin', 'Margin')].map((c) => ({ ...c, scaleField: 'margin_scale' })), t('margin_scale', 'Scale'), t('verdict', 'Verdict'), t('attrition_verdict', 'Verdict weighted for attrition', 'attrition_weighted.verdict'), t('note', 'Note'),
    ], results.verdicts.map((r) => ({ ...r, attrition_verdict: r.attrition_weighted?.verdict ?? '' }))),
    table('readiness', 'When will we know: power now, and when the margin becomes assessable', 'readiness', ({ t, v, int }) => [
      t('comparison', 'Comparison'), t('outcome', 'Outcome'), int('window_months', 'Window (months)'), t('measure', 'Measure'), int('n_now', 'People now'), int('events_now', 'Reoffences now'), v('icc', 'ICC'), v('design_effect', 'Design effect'), v('mde', 'Detectable at 80% power'), v('needed', 'Needed for 80% power'), t('margin_scale', 'Scale'), t('assessable_now', 'Assessable now'), t('assessable_from', 'Assessable from'),
    ], results.readiness.map((r) => ({ ...r, assessable_now: r.assessable_now === null ? null : r.assessable_now ? 'yes' : 'no' }))),
    table('monitoring_quarterly', 'Proven reoffending within 12 months by quarter of follow-up start', 'monitoring.quarterly', ({ t, v, pct }) => [
      t('programme_family', 'Programme family'), t('quarter', 'Quarter'), v('n', 'Classed'), v('reoffended', 'Reoffended'), pct('rate', 'Rate'), pct('centre', 'Centre line'), pct('lcl', 'Lower limit'), pct('ucl', 'Upper limit'),
    ], results.monitoring.quarterly),
    table('monitoring_regions', 'Observed against expected reoffending by region', 'monitoring.regions', ({ t, v }) => [
      t('region', 'Region'), v('n', 'n'), v('observed', 'Observed'), v('expected', 'Expected'), v('ratio', 'O/E'),
    ], results.monitoring.regions),
  ];
}

/** Why a cell's value was withheld (`low` or `c`), or null when it was not. */
export function cellReason(row: Row, column: TableColumn) {
  return column.path === null ? null : withheldReason(row, resolvePath(column.path, row));
}

/**
 * How a cell reads: a withheld value as its mark, `[low]` or `[c]`; a value not computed as
 * '–' (blank in CSV); numbers rounded for reading, not for CSV.
 */
export function cellText(row: Row, column: TableColumn, forCsv = false): string {
  const reason = cellReason(row, column);
  if (reason !== null) return withheldMark(reason);
  const value = row[column.key];
  if (value === null || value === undefined) return forCsv ? '' : '–';
  if (typeof value !== 'number') return forCsv ? neutraliseFormula(String(value)) : column.words ? column.words(String(value)) : String(value);
  if (forCsv) return String(value);
  if (column.scaleField && row[column.scaleField] === 'risk_difference') return `${fmt(100 * value)} points`;
  switch (column.kind) {
    case 'count':
    case 'integer':
      return String(value);
    case 'percent':
      return `${(100 * value).toFixed(1)}%`;
    case 'p':
      return pValueText(value);
    default:
      return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
  }
}
