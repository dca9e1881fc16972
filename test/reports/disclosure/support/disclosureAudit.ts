/**
 * An independent audit of disclosed results, written from the rules' description rather
 * than from the code under test: a walker over every record of every section that reports
 * (a) any count of people below min_cell still shown (a zero is allowed only where its base
 * is at least min_cell), (b) any statistic from fewer than min_cell people still shown,
 * (c) any small count still implied by what is shown (rate × n, n − reoffended, a survival
 * step), and (d) any withheld count that a published sum lets one solve (exactly one unknown
 * in a relation) or that is hidden only in a group of fewer than min_cell people.
 */
import type { AnalysisResults, Results as DisclosedShape } from '../../../../schemas/results.ts';
/** Either shape: the audit reads only the published sections. */
type Results = Omit<DisclosedShape, 'disclosure'> | AnalysisResults;

type Check = { path: string; kind: 'count' | 'statistic'; base: number | null | undefined };

const get = (record: unknown, path: string): unknown => {
  let here = record as unknown;
  for (const seg of path.split('.')) {
    if (Array.isArray(here)) here = here.find((e) => String((e as Record<string, unknown>).window_months ?? (e as Record<string, unknown>).covariate) === seg);
    else if (here && typeof here === 'object') here = (here as Record<string, unknown>)[seg];
    else return undefined;
  }
  return here;
};
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const sum = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : (xs as number[]).reduce((a, b) => a + b, 0));
const minOf = (xs: (number | null | undefined)[]) => (xs.some((x) => x === null || x === undefined) ? null : Math.min(...(xs as number[])));

const PAIRED = ['mean_pre', 'mean_post', 'mean_change', 'mean_improvement', 'sd_change', 't', 'df', 'p', 'ci_low', 'ci_high', 'wilcoxon_p', 'd_z', 'd_av', 'd_av_ci_low', 'd_av_ci_high', 'g_av', 'p_holm', 'attrition.mean_pre_with_post', 'csc.cutoff'];

/** The people a verdict's source model rests on: the matched pairs; the Cox model's n and events; the ANCOVA's n. */
function sourceBase(o: Results, r: { comparison: string; method: string; window_months: number | null; measure: string | null }): number | null {
  if (r.method === 'matched') return o.reconviction.matched.find((m) => m.comparison === r.comparison && m.window_months === r.window_months)?.n_treated ?? null;
  if (r.method === 'cox') {
    const cox = o.reconviction.cox.filter((x) => x.comparison === r.comparison);
    const m = cox.find((x) => x.adjusted) ?? cox[0];
    return m ? minOf([m.n, m.events, m.n === null || m.events === null ? null : m.n - m.events]) : null;
  }
  const a = o.attitudes.ancova.filter((x) => x.comparison === r.comparison && x.measure === r.measure && x.weighting === 'none');
  return (a.find((x) => x.adjusted) ?? a[0])?.n ?? null;
}

/** The smaller level's people in a readiness record's outcome: classed for the window, on a survival curve, or with both scores. */
function levelBase(o: Results, r: { comparison: string; margin_scale: string; window_months: number | null; measure: string | null }): number | null {
  if (r.margin_scale === 'risk_difference') return minOf(o.reconviction.rates.filter((x) => x.comparison === r.comparison && x.window_months === r.window_months && x.category === 'any').map((x) => x.n));
  if (r.margin_scale === 'hazard_ratio') return minOf(o.reconviction.survival_curves.filter((x) => x.comparison === r.comparison).map((x) => x.n));
  return minOf(o.attitudes.change.filter((x) => x.comparison === r.comparison && x.measure === r.measure).map((x) => x.n));
}

/** Every (section, record, checks) of the original results. */
function checksOf(o: Results): { section: string; records: unknown[]; checks: (r: never, i: number) => Check[] }[] {
  const changeN = (c: string, l: string, m: string) => o.attitudes.change.find((x) => x.comparison === c && x.level === l && x.measure === m)?.n ?? null;
  const curves = (c: string) => o.reconviction.survival_curves.filter((x) => x.comparison === c);
  const familyN = (f: string) => sum(o.monitoring.quarterly.filter((q) => q.programme_family === f).map((q) => q.n));
  const c = (path: string, base: number | null | undefined): Check => ({ path, kind: 'count', base });
  const s = (path: string, base: number | null | undefined): Check => ({ path, kind: 'statistic', base });
  type A = Results['attitudes'];
  type RC = Results['reconviction'];
  type M = Results['monitoring'];
  return [
    { section: 'flow', records: o.flow, checks: (r: Results['flow'][number]) => [...['referred', 'later_enrolments', 'started', 'completed', 'with_pre', 'with_pre_and_post'].map((p) => c(p, r.referred)), ...r.classed.map((x) => c(`classed.${x.window_months}.n`, r.referred))] },
    { section: 'attitudes.scoring', records: o.attitudes.scoring, checks: (r: A['scoring'][number]) => ['scored', 'prorated', 'missing_too_many_items'].map((p) => c(p, sum([r.scored, r.missing_too_many_items]))) },
    {
      section: 'attitudes.change',
      records: o.attitudes.change,
      checks: (r: A['change'][number]) => [
        c('n', r.n),
        c('attrition.pre_only', sum([r.n, r.attrition.pre_only])),
        ...['improved', 'unchanged', 'deteriorated'].flatMap((k) => [c(`rci.${k}`, r.n), s(`rci.pct_${k}`, r.n)]),
        ...['recovered', 'improved', 'unchanged', 'deteriorated'].map((k) => c(`csc.${k}`, r.n)),
        ...PAIRED.map((p) => s(p, r.n)),
        s('attrition.mean_pre_pre_only', r.attrition.pre_only),
      ],
    },
    { section: 'attitudes.jacobson_truax', records: o.attitudes.jacobson_truax, checks: (r: A['jacobson_truax'][number]) => [c('count', changeN(r.comparison, r.level, r.measure))] },
    { section: 'attitudes.reliable_change_bands', records: o.attitudes.reliable_change_bands, checks: (r: A['reliable_change_bands'][number]) => ['threshold', 'csc_cutoff'].map((p) => s(p, changeN(r.comparison, r.level, r.measure))) },
    {
      section: 'attitudes.ancova',
      records: o.attitudes.ancova,
      checks: (r: A['ancova'][number]) => [c('n', r.n), c('dropped_missing_covariates', sum([r.n, r.dropped_missing_covariates])), ...['estimate', 'se', 'df', 'p', 'ci_low', 'ci_high', 'std_estimate', 'p_holm'].map((p) => s(p, r.n))],
    },
    {
      section: 'reconviction.rates',
      records: o.reconviction.rates,
      checks: (r: RC['rates'][number]) => [c('n', r.n), c('reoffended', r.n), c('excluded', sum([r.n, r.excluded])), ...['rate', 'ci_low', 'ci_high', 'offences_per_100'].map((p) => s(p, r.n))],
    },
    { section: 'reconviction.survival', records: o.reconviction.survival, checks: (r: RC['survival'][number]) => [c('at_risk', r.at_risk), c('events', r.at_risk), ...['surv', 'ci_low', 'ci_high'].map((p) => s(p, r.at_risk))] },
    { section: 'reconviction.survival_curves', records: o.reconviction.survival_curves, checks: (r: RC['survival_curves'][number]) => [c('n', r.n), c('events', r.n), c('excluded', sum([r.n, r.excluded]))] },
    { section: 'reconviction.logrank', records: o.reconviction.logrank, checks: (r: RC['logrank'][number]) => ['chisq', 'p'].map((p) => s(p, minOf(curves(r.comparison).map((x) => x.n)))) },
    {
      section: 'reconviction.cox',
      records: o.reconviction.cox,
      checks: (r: RC['cox'][number]) => [c('n', r.n), c('events', r.n), c('dropped_missing_covariates', sum([r.n, r.dropped_missing_covariates])), ...['hr', 'ci_low', 'ci_high', 'se', 'p', 'ph_p'].map((p) => s(p, minOf([r.n, r.events])))],
    },
    { section: 'reconviction.logistic', records: o.reconviction.logistic, checks: (r: RC['logistic'][number]) => [c('n', r.n), ...['or', 'ci_low', 'ci_high', 'se', 'p'].map((p) => s(p, r.n))] },
    {
      section: 'reconviction.matched',
      records: o.reconviction.matched,
      checks: (r: RC['matched'][number]) => [c('n_treated', r.n_treated), c('n_control', r.n_control), c('unmatched_treated', sum([r.n_treated, r.unmatched_treated])), ...['rate_treated', 'rate_control', 'difference', 'ci_low', 'ci_high'].map((p) => s(p, r.n_treated))],
    },
    {
      section: 'reconviction.observed_expected',
      records: o.reconviction.observed_expected,
      checks: (r: RC['observed_expected'][number]) => [c('n', r.n), c('observed', r.n), ...['expected', 'observed_rate', 'expected_rate', 'ratio', 'ci_low', 'ci_high', 'p'].map((p) => s(p, r.n))],
    },
    {
      // Issue 11: frequency has the logistic model's sample; time to reoffence its level's reoffenders.
      section: 'reconviction.frequency',
      records: o.reconviction.frequency ?? [],
      checks: (r: RC['frequency'][number]) =>
        ['per_person_treated', 'per_person_control', 'rate_ratio', 'ci_low', 'ci_high', 'se', 'p'].map((p) => s(p, o.reconviction.logistic.find((l) => l.comparison === r.comparison && l.window_months === r.window_months)?.n)),
    },
    {
      section: 'reconviction.time_to_reoffence',
      records: o.reconviction.time_to_reoffence ?? [],
      checks: (r: RC['time_to_reoffence'][number]) =>
        ['mean_days', 'ci_low', 'ci_high'].map((p) => s(p, o.reconviction.rates.find((x) => x.comparison === r.comparison && x.level === r.level && x.window_months === r.window_months && x.category === 'any')?.reoffended)),
    },
    {
      // A verdict and a readiness record rest on their source model: its people (and reoffences).
      section: 'verdicts',
      records: o.verdicts ?? [],
      checks: (r: Results['verdicts'][number]) => ['estimate', 'ci_low', 'ci_high'].map((p) => s(p, sourceBase(o, r))),
    },
    {
      section: 'readiness',
      records: o.readiness ?? [],
      checks: (r: Results['readiness'][number]) => [
        c('n_now', r.n_now),
        c('events_now', r.n_now),
        // Comparison-wide figures rest on both levels' people; the MDE also on the source model's.
        ...['icc', 'design_effect', 'needed'].map((p) => s(p, levelBase(o, r))),
        s('mde', minOf([levelBase(o, r), sourceBase(o, { ...r, method: r.margin_scale === 'risk_difference' ? 'matched' : r.margin_scale === 'hazard_ratio' ? 'cox' : 'ancova' })])),
      ],
    },
    { section: 'monitoring.quarterly', records: o.monitoring.quarterly, checks: (r: M['quarterly'][number]) => [c('n', r.n), c('reoffended', r.n), s('rate', r.n), s('lcl', r.n), s('ucl', r.n), s('centre', familyN(r.programme_family))] },
    { section: 'monitoring.regions', records: o.monitoring.regions, checks: (r: M['regions'][number]) => [c('n', r.n), c('observed', r.n), s('expected', r.n), s('ratio', r.n)] },
  ] as never;
}

function sectionOf(results: Results, section: string): unknown[] {
  return section === 'flow' ? results.flow : (get(results, section) as unknown[]);
}

/**
 * The disclosed records paired with the original's, by position. Survival steps with nothing
 * published are left out of the output, and Jacobson–Truax bins are coarsened, so those are
 * paired by key: a step by its time (absent: nothing shown), a bin by the coarse bin that
 * holds it (the coarse count is checked against the fine bin's base, the level's n).
 */
function alignedSection(original: Results, disclosed: Results, section: string): unknown[] {
  const out = sectionOf(disclosed, section) as Record<string, unknown>[];
  if (section === 'reconviction.survival') {
    return original.reconviction.survival.map((r) => out.find((d) => d.comparison === r.comparison && d.level === r.level && d.time_days === r.time_days) ?? {});
  }
  if (section === 'attitudes.jacobson_truax') {
    return original.attitudes.jacobson_truax.map(
      (r) =>
        out.find(
          (d) =>
            d.comparison === r.comparison && d.level === r.level && d.measure === r.measure &&
            r.pre_low >= (d.pre_low as number) - 1e-9 && r.pre_low < (d.pre_low as number) + (d.bin_width as number) - 1e-9 &&
            r.post_low >= (d.post_low as number) - 1e-9 && r.post_low < (d.post_low as number) + (d.bin_width as number) - 1e-9,
        ) ?? {},
    );
  }
  return out;
}

/** (a) and (b): small counts and small-base statistics still shown. */
export function smallCellsShown(original: Results, disclosed: Results, minCell: number): string[] {
  const failures: string[] = [];
  for (const { section, records, checks } of checksOf(original)) {
    const out = alignedSection(original, disclosed, section);
    records.forEach((record, i) => {
      for (const check of checks(record as never, i)) {
        const v = get(out[i], check.path);
        if (v === null || v === undefined) continue;
        const base = check.base ?? null;
        if (check.kind === 'count') {
          const n = v as number;
          if (n < minCell && !(n === 0 && base !== null && base >= minCell)) failures.push(`${section}[${i}].${check.path} = ${n} is shown (base ${base})`);
        } else if (base === null || base < minCell) failures.push(`${section}[${i}].${check.path} is shown from ${base} people`);
      }
    });
  }
  return failures;
}

const small = (x: number, minCell: number) => Math.round(x) > 0 && Math.round(x) < minCell;

/** (c): small counts implied by what is shown. */
export function smallCountsImplied(disclosed: Results, minCell: number): string[] {
  const f: string[] = [];
  disclosed.reconviction.rates.forEach((r, i) => {
    if (r.n !== null && r.rate !== null && (small(r.rate * r.n, minCell) || small(r.n - r.rate * r.n, minCell))) f.push(`rates[${i}]: rate × n implies a small count`);
    if (r.n !== null && r.reoffended !== null && small(r.n - r.reoffended, minCell)) f.push(`rates[${i}]: n − reoffended is small`);
  });
  disclosed.attitudes.change.forEach((r, i) => {
    for (const k of ['improved', 'unchanged', 'deteriorated'] as const) {
      const pct = r.rci?.[`pct_${k}`];
      if (r.n !== null && pct !== null && pct !== undefined && small((pct / 100) * r.n, minCell)) f.push(`change[${i}]: rci.pct_${k} × n implies a small count`);
    }
  });
  disclosed.flow.forEach((r, i) => {
    const diff = (a: number | null, b: number | null, what: string) => a !== null && b !== null && small(a - b, minCell) && f.push(`flow[${i}]: ${what} is small`);
    diff(r.referred, r.started, 'referred − started');
    diff(r.started, r.completed, 'started − completed');
    diff(r.with_pre, r.with_pre_and_post, 'with_pre − with_pre_and_post');
    for (const c of r.classed) diff(r.referred, c.n, `referred − classed.${c.window_months}.n`);
  });
  disclosed.reconviction.matched.forEach((r, i) => {
    for (const [rate, n] of [[r.rate_treated, r.n_treated], [r.rate_control, r.n_control]] as const) if (rate !== null && n !== null && (small(rate * n, minCell) || small(n - rate * n, minCell))) f.push(`matched[${i}]: rate × pairs implies a small count`);
  });
  disclosed.monitoring.quarterly.forEach((r, i) => {
    if (r.n !== null && r.rate !== null && (small(r.rate * r.n, minCell) || small(r.n - r.rate * r.n, minCell))) f.push(`quarterly[${i}]: rate × n implies a small count`);
  });
  const rows = disclosed.reconviction.survival;
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    if (prev && prev.comparison === r.comparison && prev.level === r.level && r.surv !== null && prev.surv !== null && r.at_risk !== null && prev.surv > 0) {
      if (small(r.at_risk * (1 - r.surv / prev.surv), minCell)) f.push(`survival[${i}]: the step from the previous row implies ${r.at_risk * (1 - r.surv / prev.surv)} events`);
    }
    if (r.at_risk !== null && r.events !== null && small(r.at_risk - r.events, minCell)) f.push(`survival[${i}]: at_risk − events is small`);
  });
  return f;
}

/** A linear relation total = Σ parts between published fields, by [section, index, path]. */
type Ref = [string, number, string];

function relationsOf(o: Results): { why: string; total: Ref; parts: Ref[] }[] {
  const out: { why: string; total: Ref; parts: Ref[] }[] = [];
  o.attitudes.change.forEach((r, i) => {
    const ch = (p: string): Ref => ['attitudes.change', i, p];
    if (r.rci) out.push({ why: 'n = rci sum', total: ch('n'), parts: ['improved', 'unchanged', 'deteriorated'].map((k) => ch(`rci.${k}`)) });
    if (r.csc) out.push({ why: 'n = csc sum', total: ch('n'), parts: ['recovered', 'improved', 'unchanged', 'deteriorated'].map((k) => ch(`csc.${k}`)) });
    if (r.rci && r.csc) {
      out.push({ why: 'rci.improved = csc.recovered + csc.improved', total: ch('rci.improved'), parts: [ch('csc.recovered'), ch('csc.improved')] });
      out.push({ why: 'rci.unchanged = csc.unchanged', total: ch('rci.unchanged'), parts: [ch('csc.unchanged')] });
      out.push({ why: 'rci.deteriorated = csc.deteriorated', total: ch('rci.deteriorated'), parts: [ch('csc.deteriorated')] });
    }
    const bins = o.attitudes.jacobson_truax.flatMap((b, j) => (b.comparison === r.comparison && b.level === r.level && b.measure === r.measure ? [['attitudes.jacobson_truax', j, 'count'] as Ref] : []));
    if (bins.length) out.push({ why: 'n = Σ Jacobson–Truax bins', total: ch('n'), parts: bins });
  });
  o.flow.forEach((f, i) => {
    for (const [j, r] of o.reconviction.rates.entries()) {
      if (r.comparison === f.comparison && r.level === f.level) out.push({ why: 'referred = n + excluded', total: ['flow', i, 'referred'], parts: [['reconviction.rates', j, 'n'], ['reconviction.rates', j, 'excluded']] });
    }
    for (const [j, c] of o.reconviction.survival_curves.entries()) {
      if (c.comparison === f.comparison && c.level === f.level) out.push({ why: 'referred = curve n + excluded', total: ['flow', i, 'referred'], parts: [['reconviction.survival_curves', j, 'n'], ['reconviction.survival_curves', j, 'excluded']] });
    }
  });
  o.reconviction.rates.forEach((r, i) => {
    o.reconviction.rates.forEach((q, j) => {
      if (j > i && q.comparison === r.comparison && q.level === r.level && q.window_months === r.window_months) {
        out.push({ why: 'n is one cell across categories', total: ['reconviction.rates', i, 'n'], parts: [['reconviction.rates', j, 'n']] });
        out.push({ why: 'excluded is one cell across categories', total: ['reconviction.rates', i, 'excluded'], parts: [['reconviction.rates', j, 'excluded']] });
      }
    });
  });
  o.attitudes.ancova.forEach((a, i) => {
    const levels = o.attitudes.change.flatMap((r, j) => (r.comparison === a.comparison && r.measure === a.measure && [a.treatment, a.reference].includes(r.level) ? [['attitudes.change', j, 'n'] as Ref] : []));
    if (levels.length === 2 && a.dropped_missing_covariates === 0) out.push({ why: 'ancova n = Σ levels', total: ['attitudes.ancova', i, 'n'], parts: levels });
  });
  o.reconviction.cox.forEach((x, i) => {
    const curves = o.reconviction.survival_curves.flatMap((c, j) => (c.comparison === x.comparison ? [j] : []));
    if (curves.length === 2 && !x.adjusted) {
      out.push({ why: 'cox n = Σ curve n', total: ['reconviction.cox', i, 'n'], parts: curves.map((j) => ['reconviction.survival_curves', j, 'n'] as Ref) });
      out.push({ why: 'cox events = Σ curve events', total: ['reconviction.cox', i, 'events'], parts: curves.map((j) => ['reconviction.survival_curves', j, 'events'] as Ref) });
    }
  });
  return out;
}

/** (d): withheld counts that a published relation solves, or hides only among a few people. */
export function solvableCells(original: Results, disclosed: Results, minCell: number): string[] {
  const failures: string[] = [];
  const value = (r: Results, [section, i, path]: Ref) => num(get(sectionOf(r, section)[i], path));
  for (const rel of relationsOf(original)) {
    const all = [rel.total, ...rel.parts];
    if (all.some((ref) => value(original, ref) === null)) continue;
    const unknown = all.filter((ref) => value(disclosed, ref) === null);
    const label = (ref: Ref) => `${ref[0]}[${ref[1]}].${ref[2]}`;
    if (unknown.length === 1) failures.push(`${rel.why}: ${label(unknown[0]!)} = ${value(original, unknown[0]!)} can be recomputed from the others`);
    if (value(disclosed, rel.total) !== null) {
      const hidden = rel.parts.filter((ref) => value(disclosed, ref) === null).reduce((s, ref) => s + value(original, ref)!, 0);
      if (hidden > 0 && hidden < minCell) failures.push(`${rel.why}: the withheld parts (${rel.parts.filter((p) => value(disclosed, p) === null).map(label).join(', ')}) add up to ${hidden}`);
    }
  }
  // The family's reoffended is centre × Σ n when every quarter's n is shown.
  const families = new Set(disclosed.monitoring.quarterly.map((q) => q.programme_family));
  for (const family of families) {
    const qs = disclosed.monitoring.quarterly.filter((q) => q.programme_family === family);
    if (qs.every((q) => q.n !== null) && qs[0]!.centre !== null) {
      const hidden = qs.filter((q) => q.reoffended === null);
      if (hidden.length === 1) failures.push(`quarterly ${family}: the one withheld reoffended count is centre × Σ n − Σ the others`);
    }
  }
  return failures;
}

/** Every failure the audit finds. */
export function disclosureFailures(original: Results, disclosed: Results, minCell: number): string[] {
  return [...smallCellsShown(original, disclosed, minCell), ...smallCountsImplied(disclosed, minCell), ...solvableCells(original, disclosed, minCell)];
}
