/**
 * Results objects built by hand for the disclosure tests: an empty, schema-valid Results,
 * and one record maker per section with plausible defaults that a test overrides.
 */
import { analysisResultsSchema, type AnalysisResults } from '../../../../schemas/results.ts';

type R = AnalysisResults;
export type ChangeRecord = R['attitudes']['change'][number];
export type RateRecord = R['reconviction']['rates'][number];

/** Valid analysis results with every section empty (and no linkage: no atoms to tie). */
export function emptyResults(minCell = 10): AnalysisResults {
  return analysisResultsSchema.parse({
    progeval_version: 'test',
    contract_version: '1',
    plan: { title: 'test', disclosure: { min_cell: minCell } },
    data: { database: 'sqlite', batches: [] },
    flow: [],
    attitudes: { measures: [], scoring: [], jacobson_truax: [], reliable_change_bands: [], change: [], ancova: [] },
    reconviction: { rates: [], differences: [], survival: [], survival_curves: [], logrank: [], cox: [], logistic: [], matched: [], observed_expected: [] },
    monitoring: { quarterly: [], regions: [], funnel: [] },
    linkage: { comparisons: [], covariate_sets: [], atoms: [] },
  });
}

/** `base` with some sections replaced; checked against the schema. */
export function resultsWith(parts: { flow?: R['flow']; attitudes?: Partial<R['attitudes']>; reconviction?: Partial<R['reconviction']>; monitoring?: Partial<R['monitoring']> }): AnalysisResults {
  const base = emptyResults();
  return analysisResultsSchema.parse({
    ...base,
    flow: parts.flow ?? [],
    attitudes: { ...base.attitudes, ...parts.attitudes },
    reconviction: { ...base.reconviction, ...parts.reconviction },
    monitoring: { ...base.monitoring, ...parts.monitoring },
  });
}

/** A paired change record of n people; RCI/CSC counts must add to n when given. */
export function changeRecord(o: Partial<ChangeRecord> & { comparison?: string; level?: string; measure?: string }): ChangeRecord {
  const n = o.n ?? 40;
  return {
    comparison: 'programme',
    level: 'building_choices',
    measure: 'self_management',
    direction: 'higher_better',
    n,
    mean_pre: 30.5,
    mean_post: 34.25,
    mean_change: 3.75,
    mean_improvement: 3.75,
    sd_change: 6.1,
    t: 3.9,
    df: n - 1,
    p: 0.0004,
    ci_low: 1.8,
    ci_high: 5.7,
    wilcoxon_p: 0.001,
    d_z: 0.61,
    d_av: 0.5,
    d_av_ci_low: 0.2,
    d_av_ci_high: 0.8,
    g_av: 0.49,
    rci: null,
    csc: null,
    attrition: { pre_only: 12, mean_pre_with_post: 30.5, mean_pre_pre_only: 29.1 },
    p_holm: 0.001,
    note: null,
    ...o,
  };
}

/** RCI counts with percentages of their sum. */
export function rci(improved: number, unchanged: number, deteriorated: number): NonNullable<ChangeRecord['rci']> {
  const n = improved + unchanged + deteriorated;
  return { improved, unchanged, deteriorated, pct_improved: (100 * improved) / n, pct_unchanged: (100 * unchanged) / n, pct_deteriorated: (100 * deteriorated) / n };
}

/** A reoffending rate record with the rate and a rough interval. */
export function rateRecord(o: { comparison?: string; level: string; window_months?: number; category?: RateRecord['category']; n: number; excluded: number; reoffended: number }): RateRecord {
  const rate = o.n ? o.reoffended / o.n : null;
  return {
    comparison: o.comparison ?? 'programme',
    level: o.level,
    window_months: o.window_months ?? 12,
    category: o.category ?? 'any',
    n: o.n,
    excluded: o.excluded,
    reoffended: o.reoffended,
    rate,
    ci_low: rate === null ? null : Math.max(0, rate - 0.1),
    ci_high: rate === null ? null : Math.min(1, rate + 0.1),
    offences_per_100: o.n ? (150 * o.reoffended) / o.n : null,
    note: null,
  };
}

/** A participant-flow record. */
export function flowRecord(o: { comparison?: string; level: string; referred: number; later_enrolments?: number; started: number; completed: number; with_pre: number; with_pre_and_post: number; classed: [number, number][] }): R['flow'][number] {
  return {
    comparison: o.comparison ?? 'programme',
    level: o.level,
    referred: o.referred,
    later_enrolments: o.later_enrolments ?? 0,
    started: o.started,
    completed: o.completed,
    with_pre: o.with_pre,
    with_pre_and_post: o.with_pre_and_post,
    classed: o.classed.map(([window_months, n]) => ({ window_months, n })),
  };
}
