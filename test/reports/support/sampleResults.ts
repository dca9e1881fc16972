/**
 * Results objects for the chart and report tests, built by hand: every section populated with
 * values shaped like a real run after disclosure control, including withheld fields (null,
 * named in `suppressed`, with `low` or `c` in `suppressed_reason`) and values that could not
 * be computed (null with a `note`); Jacobson–Truax grids coarsened per measure (10 and 5 bins
 * a side, one bin withheld as [c]) and one measure without a grid. Also an all-empty Results,
 * for the "nothing to show" path, and a disclosure log to go with the sample. All are checked
 * against the schema.
 */
import { join } from 'node:path';
import { readPlan } from '../../../pipeline/analyse/readPlan.ts';
import type { DisclosureLog } from '../../../reports/disclosure/discloseResults.ts';
import { resultsSchema, type Results } from '../../../schemas/results.ts';

const PLAN_FILE = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'plans', 'building-choices.yaml');

const COMPARISONS = [
  { id: 'programme', treatment: 'building_choices', reference: 'legacy_specialist' },
  { id: 'band', treatment: 'band_3', reference: 'band_4' },
  { id: 'programme_vs_none', treatment: 'programme', reference: 'none' },
] as const;

const MEASURES = [
  { measure: 'offence_supportive_attitudes', label: 'Offence-supportive attitudes', min: 0, max: 100, direction: 'lower_better', reliability: 0.86, norm_mean: null, norm_sd: null },
  { measure: 'self_management', label: 'Self-management and problem solving', min: 0, max: 60, direction: 'higher_better', reliability: 0.81, norm_mean: 42, norm_sd: 7 },
  { measure: 'victim_empathy_distortions', label: 'Victim empathy distortions', min: 0, max: 40, direction: 'lower_better', reliability: 0.83, norm_mean: 10, norm_sd: 4 },
] as const;

/** Distinctive values the tests look for in the specs (and must never see drawn as 0). */
export const SAMPLE = {
  /** mean_change of programme/building_choices/self_management. */
  changeOfBuildingChoicesSelfManagement: 4.375,
  /** The measure whose band_3 change is suppressed. */
  suppressedChange: { comparison: 'band', level: 'band_3', measure: 'victim_empathy_distortions' },
  /** The flow count withheld as [c] (secondary): band/band_3 completed. */
  suppressedFlow: { comparison: 'band', level: 'band_3', field: 'completed' },
  /** The flow count withheld as [low]: programme/building_choices classed for 24 months. */
  lowFlow: { comparison: 'programme', level: 'building_choices', field: 'classed.24.n' },
  /** HR of the adjusted programme model, which violates proportional hazards. */
  adjustedProgrammeHr: 0.8125,
  /** The region whose figures are withheld as [c]. */
  suppressedRegion: 'Wales',
  /** The measure whose Jacobson–Truax grid is withheld (no bins). */
  gridWithheld: 'victim_empathy_distortions',
  /** The measure whose grid is coarsened to 5 bins a side. */
  gridCoarsened: 'self_management',
  /** The Jacobson–Truax bin withheld as [c]: offence-supportive attitudes, programme, legacy. */
  secondaryBin: { comparison: 'programme', level: 'legacy_specialist', measure: 'offence_supportive_attitudes', pre_low: 50, post_low: 40 },
  /** The level whose bins are all [low] for self-management (its panel is left out). */
  lowBinsLevel: { comparison: 'band', level: 'band_3', measure: 'self_management' },
} as const;

const LEVEL_SIZE: Record<string, number> = { building_choices: 178, legacy_specialist: 657, band_3: 96, band_4: 412, programme: 1050, none: 180 };

/** `suppressed` and `suppressed_reason` for fields all withheld for one reason. */
function withheldAs(reason: 'low' | 'c', fields: readonly string[]) {
  return { suppressed: [...fields], suppressed_reason: Object.fromEntries(fields.map((f) => [f, reason])) as Record<string, 'low' | 'c'> };
}

function flow(): Results['flow'] {
  return COMPARISONS.flatMap((c) =>
    [c.treatment, c.reference].map((level) => {
      const referred = Math.round((LEVEL_SIZE[level] ?? 100) * 1.4);
      const suppressBand3 = c.id === 'band' && level === 'band_3';
      return {
        comparison: c.id,
        level,
        referred,
        later_enrolments: level === 'band_4' ? 12 : 0,
        started: Math.round(referred * 0.85),
        completed: suppressBand3 ? null : Math.round(referred * 0.7),
        with_pre: Math.round(referred * 0.66),
        with_pre_and_post: Math.round(referred * 0.5),
        classed: [
          { window_months: 12, n: Math.round(referred * 0.6) },
          { window_months: 24, n: level === 'building_choices' ? null : Math.round(referred * 0.4) },
        ],
        ...(suppressBand3 ? withheldAs('c', ['completed']) : {}),
        ...(level === 'building_choices' ? withheldAs('low', ['classed.24.n']) : {}),
      };
    }),
  );
}

function change(): Results['attitudes']['change'] {
  const rows: Results['attitudes']['change'] = [];
  COMPARISONS.forEach((c, ci) => {
    [c.treatment, c.reference].forEach((level, li) => {
      MEASURES.forEach((m, mi) => {
        const suppressedHere = c.id === SAMPLE.suppressedChange.comparison && level === SAMPLE.suppressedChange.level && m.measure === SAMPLE.suppressedChange.measure;
        const improvement = 2 + mi + ci * 0.5 - li * 0.75 + (c.id === 'programme' && li === 0 && mi === 1 ? 0.375 - 0.5 : 0);
        const sign = m.direction === 'lower_better' ? -1 : 1;
        const meanChange = sign * improvement;
        const half = 1.2 + mi * 0.3;
        const mean_pre = (m.min + m.max) / 2;
        const n = suppressedHere ? null : 120 + 40 * li + 10 * mi;
        rows.push({
          comparison: c.id,
          level,
          measure: m.measure,
          direction: m.direction,
          n,
          mean_pre: suppressedHere ? null : mean_pre,
          mean_post: suppressedHere ? null : mean_pre + meanChange,
          mean_change: suppressedHere ? null : meanChange,
          mean_improvement: suppressedHere ? null : improvement,
          sd_change: suppressedHere ? null : 9.5,
          t: suppressedHere ? null : meanChange / 0.8,
          df: n === null ? null : n - 1,
          p: suppressedHere ? null : 0.001,
          ci_low: suppressedHere ? null : meanChange - half,
          ci_high: suppressedHere ? null : meanChange + half,
          wilcoxon_p: suppressedHere ? null : 0.002,
          d_z: suppressedHere ? null : meanChange / 9.5,
          d_av: suppressedHere ? null : meanChange / 10,
          d_av_ci_low: suppressedHere ? null : meanChange / 10 - 0.15,
          d_av_ci_high: suppressedHere ? null : meanChange / 10 + 0.15,
          g_av: suppressedHere ? null : meanChange / 10.1,
          rci: suppressedHere ? null : { improved: 40, unchanged: 90, deteriorated: 12, pct_improved: 28.2, pct_unchanged: 63.4, pct_deteriorated: 8.5 },
          csc: m.norm_mean === null ? null : { criterion: 'c', cutoff: m.norm_mean - (m.direction === 'higher_better' ? 6 : -2.5), recovered: 20, improved: 10, unchanged: 100, deteriorated: 5 },
          attrition: { pre_only: 60, mean_pre_with_post: mean_pre, mean_pre_pre_only: mean_pre + 1 },
          p_holm: suppressedHere ? null : 0.003,
          note: null,
          ...(suppressedHere ? withheldAs('low', ['n', 'mean_pre', 'mean_post', 'mean_change', 'mean_improvement', 'ci_low', 'ci_high']) : {}),
        });
      });
    });
  });
  const bc = rows.find((r) => r.comparison === 'programme' && r.level === 'building_choices' && r.measure === 'self_management');
  if (bc) {
    bc.mean_change = SAMPLE.changeOfBuildingChoicesSelfManagement;
    bc.ci_low = SAMPLE.changeOfBuildingChoicesSelfManagement - 1.5;
    bc.ci_high = SAMPLE.changeOfBuildingChoicesSelfManagement + 1.5;
  }
  return rows;
}

function ancova(): Results['attitudes']['ancova'] {
  return COMPARISONS.flatMap((c, ci) =>
    MEASURES.flatMap((m, mi) =>
      [false, true].map((adjusted) => {
        const notEstimable = c.id === 'programme_vs_none' && m.measure === 'victim_empathy_distortions' && adjusted;
        const estimate = notEstimable ? null : (mi - 1) * 0.9 + ci * 0.4 + (adjusted ? 0.2 : 0);
        return {
          comparison: c.id,
          measure: m.measure,
          treatment: c.treatment,
          reference: c.reference,
          adjusted,
          covariates: adjusted ? ['age_at_index', 'prior_convictions', 'ogrs'] : [],
          weighting: 'none' as const,
          attrition_model: null,
          weight_range: null,
          estimate,
          se: estimate === null ? null : 0.9,
          df: estimate === null ? null : 44,
          p: estimate === null ? null : 0.3,
          ci_low: estimate === null ? null : estimate - 1.8,
          ci_high: estimate === null ? null : estimate + 1.8,
          std_estimate: estimate === null ? null : estimate / 10,
          n: 500,
          clusters: 90,
          dropped_missing_covariates: adjusted ? 30 : 0,
          p_holm: estimate === null ? null : 0.6,
          note: notEstimable ? 'the adjusted model is singular: a covariate takes a single value' : null,
        };
      }),
    ),
  );
}

function jacobsonTruax(): { bins: Results['attitudes']['jacobson_truax']; bands: Results['attitudes']['reliable_change_bands'] } {
  const bins: Results['attitudes']['jacobson_truax'] = [];
  const bands: Results['attitudes']['reliable_change_bands'] = [];
  const perSide: Record<string, number | null> = { offence_supportive_attitudes: 10, [SAMPLE.gridCoarsened]: 5, [SAMPLE.gridWithheld]: null };
  for (const c of COMPARISONS) {
    for (const level of [c.treatment, c.reference]) {
      for (const m of MEASURES) {
        bands.push({ comparison: c.id, level, measure: m.measure, threshold: (m.max - m.min) * 0.12, csc_cutoff: m.norm_mean === null ? null : m.norm_mean - 4 });
        const side = perSide[m.measure] ?? null;
        if (side === null) continue;
        const width = (m.max - m.min) / side;
        const allLow = c.id === SAMPLE.lowBinsLevel.comparison && level === SAMPLE.lowBinsLevel.level && m.measure === SAMPLE.lowBinsLevel.measure;
        for (let i = 0; i < side; i++) {
          for (let j = 0; j < side; j++) {
            const distance = Math.abs(i - j - (m.direction === 'lower_better' ? 1 : -1) * (side / 10));
            if (distance > side / 5 || i < side / 5 || i >= side - side / 5) continue;
            const count = Math.max(10, Math.round((40 - 14 * distance - Math.abs(i - side / 2) * 3) * (10 / side)));
            const bin = { comparison: c.id, level, measure: m.measure, bin_width: width, pre_low: m.min + i * width, post_low: m.min + j * width };
            const secondary = c.id === SAMPLE.secondaryBin.comparison && level === SAMPLE.secondaryBin.level && m.measure === SAMPLE.secondaryBin.measure && bin.pre_low === SAMPLE.secondaryBin.pre_low && bin.post_low === SAMPLE.secondaryBin.post_low;
            if (allLow) bins.push({ ...bin, count: null, ...withheldAs('low', ['count']) });
            else if (secondary) bins.push({ ...bin, count: null, ...withheldAs('c', ['count']) });
            else bins.push({ ...bin, count });
          }
        }
      }
    }
  }
  return { bins, bands };
}

const MONTH_DAYS = 365.25 / 12;

function survival(): Pick<Results['reconviction'], 'survival' | 'survival_curves' | 'logrank'> {
  const survivalRows: Results['reconviction']['survival'] = [];
  const curves: Results['reconviction']['survival_curves'] = [];
  for (const c of COMPARISONS) {
    for (const [li, level] of [c.treatment, c.reference].entries()) {
      const n = LEVEL_SIZE[level] ?? 100;
      const hazardPerDay = (li === 0 ? 0.00022 : 0.00028) * (c.id === 'band' ? 1.2 : 1);
      let atRisk = n;
      let surv = 1;
      let events = 0;
      for (let step = 1; step <= 30; step++) {
        const time = Math.round(step * 24 * MONTH_DAYS / 30 - 5);
        const e = Math.max(1, Math.round(atRisk * hazardPerDay * 24));
        surv *= 1 - e / atRisk;
        events += e;
        const half = 1.96 * Math.sqrt((surv * (1 - surv)) / atRisk);
        const small = atRisk < 10;
        // Published in runs of three steps: at_risk on a run's first step only, events never.
        const runStart = step % 3 === 1;
        survivalRows.push({
          comparison: c.id,
          level,
          time_days: time,
          at_risk: small || !runStart ? null : atRisk,
          events: null,
          surv,
          ci_low: Math.max(0, surv - half),
          ci_high: Math.min(1, surv + half),
          ...withheldAs('low', small || !runStart ? ['at_risk', 'events'] : ['events']),
        });
        atRisk -= e + Math.round(atRisk * 0.035);
        if (atRisk < 5) break;
      }
      curves.push({ comparison: c.id, level, n, excluded: 20, events, note: null });
    }
  }
  return {
    survival: survivalRows,
    survival_curves: curves,
    logrank: COMPARISONS.map((c) => ({ comparison: c.id, chisq: 0.84, df: 1, p: 0.358, note: null })),
  };
}

function rates(): Pick<Results['reconviction'], 'rates' | 'differences'> {
  const rateRows: Results['reconviction']['rates'] = [];
  const differences: Results['reconviction']['differences'] = [];
  const base = { any: 0.12, sexual: 0.02, violent: 0.05 } as const;
  for (const c of COMPARISONS) {
    for (const window_months of [12, 24]) {
      for (const category of ['any', 'sexual', 'violent'] as const) {
        for (const [li, level] of [c.treatment, c.reference].entries()) {
          const n = Math.round((LEVEL_SIZE[level] ?? 100) * (window_months === 12 ? 0.8 : 0.5));
          const rate = base[category] * (window_months / 12) * (li === 0 ? 0.9 : 1.1);
          const reoffended = Math.round(n * rate);
          const small = reoffended < 10;
          const secondary = c.id === 'programme_vs_none' && level === 'none' && window_months === 24 && category === 'any';
          rateRows.push({
            comparison: c.id,
            level,
            window_months,
            category,
            n,
            excluded: 40,
            reoffended: small || secondary ? null : reoffended,
            rate: small || secondary ? null : reoffended / n,
            ci_low: small || secondary ? null : Math.max(0, reoffended / n - 0.03),
            ci_high: small || secondary ? null : reoffended / n + 0.035,
            offences_per_100: small || secondary ? null : (reoffended / n) * 120,
            note: null,
            ...(small || secondary ? withheldAs(small ? 'low' : 'c', ['reoffended', 'rate', 'ci_low', 'ci_high', 'offences_per_100']) : {}),
          });
        }
        differences.push({ comparison: c.id, window_months, category, treatment: c.treatment, reference: c.reference, difference: -0.01, ci_low: -0.05, ci_high: 0.03, note: null });
      }
    }
  }
  return { rates: rateRows, differences };
}

function cox(): Results['reconviction']['cox'] {
  return COMPARISONS.flatMap((c, ci) =>
    [false, true].map((adjusted) => {
      const singular = c.id === 'programme_vs_none' && adjusted;
      const hr = singular ? null : c.id === 'programme' && adjusted ? SAMPLE.adjustedProgrammeHr : 0.95 + ci * 0.1 + (adjusted ? -0.05 : 0);
      return {
        comparison: c.id,
        adjusted,
        covariates: adjusted ? ['age_at_index', 'prior_convictions', 'ogrs'] : [],
        hr,
        ci_low: hr === null ? null : hr / 1.9,
        ci_high: hr === null ? null : hr * 1.9,
        se: hr === null ? null : 0.33,
        p: hr === null ? null : 0.8,
        n: 800,
        events: 100,
        clusters: 90,
        dropped_missing_covariates: adjusted ? 50 : 0,
        ph_p: hr === null ? null : c.id === 'programme' && adjusted ? 0.01 : 0.5,
        ph_violated: hr === null ? null : c.id === 'programme' && adjusted,
        note: singular ? 'the adjusted model did not converge' : null,
      };
    }),
  );
}

function matched(): Results['reconviction']['matched'] {
  return COMPARISONS.flatMap((c) =>
    [12, 24].map((window_months) => {
      const empty = c.id === 'programme' && window_months === 24;
      return {
        comparison: c.id,
        window_months,
        covariates: ['age_at_index', 'prior_convictions', 'ogrs'],
        dropped_missing_covariates: 30,
        n_treated: empty ? 0 : 150,
        n_control: empty ? 0 : 150,
        unmatched_treated: 0,
        rate_treated: empty ? null : 0.12,
        rate_control: empty ? null : 0.14,
        difference: empty ? null : -0.02,
        ci_low: empty ? null : -0.09,
        ci_high: empty ? null : 0.05,
        balance: empty
          ? []
          : [
              { covariate: 'age_at_index', smd_before: -0.22, smd_after: 0.04, imbalanced: false },
              { covariate: 'prior_convictions', smd_before: -0.93, smd_after: 0.125, imbalanced: true },
              { covariate: 'ogrs', smd_before: 0.14, smd_after: c.id === 'band' ? null : -0.02, imbalanced: c.id === 'band' ? null : false },
            ],
        note: empty ? 'no one is in the treated group, so there is no one to match' : null,
      };
    }),
  );
}

function monitoring(): Results['monitoring'] {
  const quarters = ['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'];
  const quarterly: Results['monitoring']['quarterly'] = [];
  for (const [fi, family] of ['legacy_specialist', 'building_choices'].entries()) {
    const centre = 0.11 + fi * 0.01;
    quarters.forEach((quarter, qi) => {
      if (family === 'building_choices' && qi < 4) return;
      const n = family === 'building_choices' && qi === 4 ? 8 : 60 + 10 * qi;
      const small = n < 10;
      const sigma = Math.sqrt((centre * (1 - centre)) / n);
      const rate = qi === 6 && family === 'legacy_specialist' ? centre + 3.4 * sigma : centre + (qi % 3 - 1) * sigma;
      quarterly.push({
        programme_family: family,
        quarter,
        window_months: 12,
        n: small ? null : n,
        reoffended: small ? null : Math.round(rate * n),
        rate: small ? null : rate,
        centre,
        lcl: small ? null : Math.max(0, centre - 3 * sigma),
        ucl: small ? null : Math.min(1, centre + 3 * sigma),
        ...(small ? withheldAs('low', ['n', 'reoffended', 'rate', 'lcl', 'ucl']) : {}),
      });
    });
  }
  const regionNames = ['London', 'North West', 'North East', 'Yorkshire', 'Midlands', 'South West', 'South East', SAMPLE.suppressedRegion];
  const regions: Results['monitoring']['regions'] = regionNames.map((region, i) => {
    const suppressedHere = region === SAMPLE.suppressedRegion;
    const expected = 8 + i * 6;
    const observed = Math.round(expected * (i === 2 ? 1.9 : 0.8 + (i % 4) * 0.1));
    return suppressedHere
      ? { region, n: null, observed: null, expected: null, ratio: null, ...withheldAs('c', ['n', 'observed', 'expected', 'ratio']) }
      : { region, n: expected * 4, observed, expected, ratio: observed / expected };
  });
  const funnel: Results['monitoring']['funnel'] = [];
  for (let e = 2; e <= 80; e += 2) {
    const z95 = 1.96 / Math.sqrt(e);
    const z998 = 3.09 / Math.sqrt(e);
    funnel.push({ expected: e, lower_95: Math.max(0, 1 - z95), upper_95: 1 + z95, lower_998: Math.max(0, 1 - z998), upper_998: 1 + z998 });
  }
  // A CUSUM per programme family: Building Choices drifts and signals, the legacy programmes stay in control.
  const months = ['2025-03', '2025-07', '2025-11', '2026-03', '2026-07'];
  const cusum: Results['monitoring']['cusum'] = [
    { factor: 'programme_family', level: 'building_choices', reference: 'legacy_specialist', window_months: 12, odds_ratio: 2, arl0: 1000, threshold: 3.7, points: months.map((through, i) => ({ through, s: [0.4, 1.5, 2.8, 3.9, 1.1][i]!, signal: i === 3 })), first_signal: '2026-03', note: null },
    { factor: 'programme_family', level: 'legacy_specialist', reference: 'legacy_specialist', window_months: 12, odds_ratio: 2, arl0: 1000, threshold: 3.7, points: months.map((through, i) => ({ through, s: [0.2, 0.9, 0.3, 0.6, 0.1][i]!, signal: false })), first_signal: null, note: null },
  ];
  return { quarterly, regions, funnel, cusum };
}

/** The disclosure block of a hand-made Results: `minCell` below 10 makes it not publishable. */
function disclosureBlock(minCell: number, withheld: { low: number; c: number }): Results['disclosure'] {
  return {
    min_cell: minCell,
    publishable: minCell >= 10,
    release: { fresh: false },
    suppressed_by_section: { flow: 2, 'attitudes.change': 7, 'attitudes.jacobson_truax': 38, 'reconviction.rates': 30, 'monitoring.regions': 4 },
    suppressed_by_reason: withheld,
    narrowest_interval: withheld.low + withheld.c ? { cell: 'level|facilitator_band=band_3|completed', lower: 10, upper: 19, span: 10 } : null,
    notes: [],
  };
}

/**
 * A complete Results object after disclosure control, every section populated; min_cell 10
 * unless `minCell` says otherwise (below 10 it is not publishable, as disclosure control
 * marks it).
 */
export function sampleResults(options: { minCell?: number } = {}): Results {
  const { bins, bands } = jacobsonTruax();
  return resultsSchema.parse({
    progeval_version: '0.1.0',
    contract_version: '1',
    plan: readPlan(PLAN_FILE),
    data: { database: 'sqlite', batches: [] },
    flow: flow(),
    attitudes: {
      measures: MEASURES,
      scoring: [],
      jacobson_truax: bins,
      reliable_change_bands: bands,
      change: change(),
      ancova: ancova(),
    },
    reconviction: { ...rates(), ...survival(), cox: cox(), logistic: [], matched: matched(), observed_expected: [] },
    monitoring: monitoring(),
    disclosure: disclosureBlock(options.minCell ?? 10, { low: 71, c: 14 }),
    history: history(),
  });
}

/** Three scheduled runs: the programme's 12-month verdict moves from not yet known to at least as good. */
function history(): Results['history'] {
  const verdict = (estimate: number, low: number, high: number, v: string) => ({
    key: 'verdict|programme|reoffending||12', kind: 'verdict' as const, comparison: 'programme', outcome: 'reoffending', measure: null, window_months: 12,
    scale: 'risk_difference', estimate, ci_low: low, ci_high: high, margin: 0.03, verdict: v,
  });
  return [
    { extract_date: '2026-04-30', estimates: [verdict(0.01, -0.06, 0.08, 'inconclusive')] },
    { extract_date: '2026-07-31', estimates: [verdict(0.004, -0.04, 0.05, 'inconclusive')] },
    { extract_date: '2026-10-31', estimates: [verdict(-0.005, -0.03, 0.02, 'non_inferior')] },
  ];
}

/** A Results object with every section empty (a plan whose comparisons found no one). */
export function emptyResults(): Results {
  return resultsSchema.parse({
    progeval_version: '0.1.0',
    contract_version: '1',
    plan: readPlan(PLAN_FILE),
    data: { database: 'sqlite', batches: [] },
    flow: [],
    attitudes: { measures: [], scoring: [], jacobson_truax: [], reliable_change_bands: [], change: [], ancova: [] },
    reconviction: { rates: [], differences: [], survival: [], survival_curves: [], logrank: [], cox: [], logistic: [], matched: [], observed_expected: [] },
    monitoring: { quarterly: [], regions: [], funnel: [] },
    disclosure: { ...disclosureBlock(10, { low: 0, c: 0 }), suppressed_by_section: {} },
  });
}

/** Withheld cells whose labels would give a value away if the report printed values: it must not. */
export const SAMPLE_WITHHELD_CELLS: DisclosureLog['withheld_cells'] = [
  { cell: 'level|facilitator_band=band_3|completed', places: ['flow[2].completed'], reason: 'c', rule: 'differencing', lower: 10, upper: 19 },
  { cell: 'level|programme_family=building_choices|classed|24', places: ['flow[0].classed.24.n'], reason: 'low', rule: 'threshold', lower: 0, upper: 9 },
  { cell: 'region|<b>Wales</b>|n', places: ['monitoring.regions[7].n'], reason: 'c', rule: 'protection_interval', lower: 10, upper: null },
];

/** A disclosure log to go with sampleResults (the values behind its withheld cells are never in it). */
export function sampleLog(results: Results = sampleResults()): DisclosureLog {
  return {
    min_cell: results.disclosure.min_cell,
    publishable: results.disclosure.publishable,
    release: { id: 3, fresh: false, earlier_cells: 412, withheld_against_it: 2 },
    rules: [
      { rule: 'threshold', what: 'A count of people from 1 to min_cell − 1 is withheld ([low]).' },
      { rule: 'differencing', what: 'No withheld count may be worked out exactly from the published cells ([c]).' },
      { rule: 'protection_interval', what: "An attacker's feasible range for every withheld count spans at least min_cell values ([c])." },
    ],
    grids: [
      { measure: 'offence_supportive_attitudes', bins_per_side: 10 },
      { measure: SAMPLE.gridCoarsened, bins_per_side: 5 },
      { measure: SAMPLE.gridWithheld, bins_per_side: null },
    ],
    table: { cells: 420, relations: 310, published: 260, implied: 160, linkage_mismatches: 0 },
    withheld_cells: SAMPLE_WITHHELD_CELLS,
    protected_implied: [{ cell: 'people sharing one level in every comparison', lower: 0, upper: 12 }],
    narrowest_interval: results.disclosure.narrowest_interval,
    withheld_fields: { flow: { low: 1, c: 1 }, 'attitudes.change': { low: 7, c: 0 }, 'reconviction.rates': { low: 25, c: 5 }, 'monitoring.regions': { low: 0, c: 4 } },
    unprotected: [],
    at_label_limit: [],
  };
}
