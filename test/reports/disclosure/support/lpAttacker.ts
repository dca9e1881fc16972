/**
 * An independent attacker on published results, in the spirit of sdcTable's `attack()`:
 * from what a reader of results.json knows it builds its own integer linear programme and
 * asks, for every withheld count, the smallest and the largest value it can take. It does
 * not import anything from reports/disclosure: the relations below are written from the
 * meaning of the published figures (schemas/results.ts and the analyses), not from the
 * rules under test.
 *
 * What the attacker knows:
 * - the published (disclosed) results, the plan and min_cell;
 * - the *structure* of the atoms (the people who share one level, or none, in every
 *   comparison): which level of each comparison each atom has, not how many people it holds
 *   (an atom is listed only when someone is in it, so each holds at least one person);
 * - the labels: a `[low]` count lies in [0, min_cell − 1], a `[c]` count is at least min_cell
 *   (except a survival row's `[low]` at_risk, withheld because its step has few reoffences).
 *
 * Unknowns (all non-negative integers): every withheld count field, and for every atom the
 * number of its people with each person-level property (the linkage's concepts: `referred`,
 * `started`, `completed`, `with_pre`, `with_pre_and_post`, `classed|W`, `not_classed|W`,
 * `reoffended|W|CAT`, `curve`, `curve_event`, `not_curve`, the covariate-complete and dropped
 * parts of the model samples, `classed_ogrs|24`, `paired|M`, `pre_only|M`). Complements
 * (not started, not reoffended, censored…) are the slack of the inequalities.
 *
 * Relations, each from the meaning of the figures:
 * - within an atom: started ≤ referred, completed ≤ started, with_pre_and_post ≤ with_pre ≤
 *   referred; classed|W + not_classed|W = referred; reoffended|W|sexual, |violent ≤ |any ≤
 *   classed|W; curve + not_curve = referred, curve_event ≤ curve; a model's complete and
 *   dropped parts add up to its sample (events likewise); paired|M + pre_only|M ≤ with_pre,
 *   paired|M ≤ with_pre_and_post;
 * - across comparisons: every level's referred, started, completed, with_pre,
 *   with_pre_and_post, classed, rates n / excluded / reoffended, curve n / events / excluded,
 *   change n / pre_only, O/E n / observed, and every model's sample is the sum of its atoms;
 * - flow: started ≤ referred, completed ≤ started, with_pre_and_post ≤ with_pre ≤ referred,
 *   referred = classed.W.n + rates excluded (each window and category);
 * - rates: reoffended ≤ n, sexual and violent ≤ any; curves: n + excluded = referred,
 *   events ≤ n, and the curve's survival rows: Σ row events = events, events ≤ at risk,
 *   at risk falls by at least a row's events, the first at risk ≤ n;
 * - change: n = Σ rci parts = Σ csc parts; rci.improved = csc.recovered + csc.improved,
 *   rci.unchanged = csc.unchanged, rci.deteriorated = csc.deteriorated; a published grid's
 *   Jacobson–Truax bins add up to n (and a listed bin is not empty); df = n − 1;
 *   ANCOVA n + dropped = Σ the two levels' change n;
 * - Cox: unadjusted n = Σ the two levels' curve n, events likewise; adjusted n + dropped =
 *   unadjusted n; adjusted events ≤ unadjusted events; unadjusted events − adjusted events ≤
 *   adjusted dropped (the dropped people who reoffended);
 * - logistic: n + dropped = Σ the two levels' rates n for the window; matched: the same
 *   dropped, pairs + unmatched treated ≤ the treated sample, n_treated = n_control;
 * - O/E: observed ≤ n; quarterly and regions: reoffended / observed ≤ n; scoring: prorated
 *   ≤ scored;
 * - a published rate (or percentage) with its published base gives its count back;
 * - a listed survival row is a time with at least one event (its time_days is printed even
 *   when its counts are withheld), a listed Jacobson–Truax bin is not empty, a listed atom
 *   holds someone (option `existence`, default on).
 *
 * Not modelled (so the attacker is weaker there): anything nonlinear (confidence intervals,
 * Kaplan–Meier survival ratios, rate × n when n is withheld), the monitoring sections'
 * ties to the comparisons, fine Jacobson–Truax bins as atom concepts, and the samples of the
 * adjusted ANCOVA (its n depends on the fit).
 *
 * Verdict for a withheld count with range [min, max] (max unbounded counts as wide):
 * protected when max − min + 1 ≥ min_cell; or it is `[low]` and min ≤ 1 and max ≥
 * min_cell − 1 (the attacker learns no more than the label says); or it is part of a total
 * that is itself `[low]` (reoffended within a `[low]` n) and max > min.
 *
 * @example
 * const { checked, violations } = await attack(disclosed, plan, raw.linkage.atoms.map((a) => a.levels), 10);
 */
import * as highsModule from 'highs';
import type { Plan } from '../../../../schemas/plan.ts';
import type { Results } from '../../../../schemas/results.ts';

// The package's typings do not describe its ESM default export; see node_modules/highs/README.md.
type Highs = any;
const loadHighs = (highsModule as any).default as () => Promise<Highs>;
let highsInstance: Promise<Highs> | null = null;
const solver = () => (highsInstance ??= loadHighs());

export type AttackPlan = Pick<Plan, 'comparisons' | 'windows' | 'covariates'>;
export type Reason = 'low' | 'c';

/** Where a count is printed: section (`flow`, `reconviction.rates`…), record index, field path. */
export interface FieldRef {
  section: string;
  index: number;
  path: string;
}

export interface AttackVariable {
  key: string;
  lower: number;
  upper: number;
  /** A withheld count field: its place, its label, and whether a whole block (`csc`) was withheld. */
  field?: FieldRef & { reason: Reason | null; block: boolean };
  /** An atom's count of people with one property. */
  atom?: { index: number; concept: string };
  /** An implied count asked for by the caller. */
  implied?: string;
}

/** lower ≤ Σ coefficient × variable ≤ upper. */
export interface AttackRow {
  label: string;
  terms: [variable: number, coefficient: number][];
  lower: number;
  upper: number;
}

export interface AttackModel {
  variables: AttackVariable[];
  rows: AttackRow[];
  /** Variables whose range is asked: every withheld count, then the implied counts. */
  targets: { variable: number; lowTotal: boolean }[];
  /** Relations among published figures alone that the published figures break (a wrong relation, or bad data). */
  contradictions: string[];
}

/** An unpublished count to range as well: Σ of an atom concept over a comparison's atoms (one level, or both). */
export interface ImpliedTarget {
  label: string;
  comparison: string;
  level?: string;
  concept: string;
}

export interface AttackOptions {
  /** Use that atoms, listed bins and survival rows are not empty (default true). */
  existence?: boolean;
  /** Solve both ends of every range exactly, even when feasible points already show it is protected. */
  exact?: boolean;
  implied?: ImpliedTarget[];
  /** Use that a `[c]` count is at least min_cell (default true). */
  cLabel?: boolean;
  /** Range only these withheld counts (`section[index].path`), e.g. to see what a violation rests on. */
  only?: readonly string[];
}

export interface CheckedCount extends FieldRef {
  reason: Reason | null;
  lower: number;
  /** null: unbounded. */
  upper: number | null;
  /** False when the range is only what feasible points showed (enough to prove protection). */
  exact: boolean;
  protected: boolean;
}

export interface AttackViolation extends FieldRef {
  reason: Reason | null;
  lower: number;
  upper: number | null;
}

export interface AttackResult {
  /** Withheld counts checked. */
  checked: number;
  violations: AttackViolation[];
  counts: CheckedCount[];
  implied: { label: string; lower: number; upper: number | null }[];
  contradictions: string[];
  /** The LP had no solution: the attacker's model contradicts what is published (or a label lies). */
  infeasible: boolean;
  solves: number;
}

// ---------------------------------------------------------------------------------------------
// Linear expressions over the attacker's unknowns.

type Expr = { k: number; v: Map<number, number> };
const konst = (k: number): Expr => ({ k, v: new Map() });
const unknown = (id: number): Expr => ({ k: 0, v: new Map([[id, 1]]) });
/** Σ coefficient × part; undefined when any part is unknown to the attacker. */
function combine(parts: readonly (readonly [number, Expr | undefined])[]): Expr | undefined {
  const out: Expr = { k: 0, v: new Map() };
  for (const [c, e] of parts) {
    if (!e) return undefined;
    out.k += c * e.k;
    for (const [id, x] of e.v) out.v.set(id, (out.v.get(id) ?? 0) + c * x);
  }
  return out;
}
const plus = (...es: (Expr | undefined)[]) => combine(es.map((e) => [1, e] as const));
const minus = (a: Expr | undefined, b: Expr | undefined) => combine([[1, a], [-1, b]]);

class ModelBuilder {
  readonly variables: AttackVariable[] = [];
  readonly rows: AttackRow[] = [];
  readonly contradictions: string[] = [];
  private readonly byKey = new Map<string, number>();

  variable(key: string, lower: number, upper: number, extra: Omit<AttackVariable, 'key' | 'lower' | 'upper'> = {}): number {
    const found = this.byKey.get(key);
    if (found !== undefined) return found;
    this.variables.push({ key, lower, upper, ...extra });
    this.byKey.set(key, this.variables.length - 1);
    return this.variables.length - 1;
  }

  /** lower ≤ e ≤ upper; skipped when e involves a figure the attacker does not have. */
  relate(label: string, e: Expr | undefined, lower: number, upper: number): void {
    if (!e) return;
    const terms = [...e.v].filter(([, c]) => Math.abs(c) > 1e-12);
    if (!terms.length) {
      if (e.k < lower - 1e-6 || e.k > upper + 1e-6) this.contradictions.push(`${label}: published figures give ${e.k}, outside [${lower}, ${upper}]`);
      return;
    }
    this.rows.push({ label, terms, lower: lower - e.k, upper: upper - e.k });
  }
  eq(label: string, a: Expr | undefined, b: Expr | undefined) {
    this.relate(label, minus(a, b), 0, 0);
  }
  le(label: string, a: Expr | undefined, b: Expr | undefined) {
    this.relate(label, minus(a, b), -Infinity, 0);
  }
}

// ---------------------------------------------------------------------------------------------
// The published figures.

type Rec = Record<string, unknown> & { suppressed?: string[] | null; suppressed_reason?: Record<string, Reason> | null };

/** Every section holding counts of people, with its count fields (`classed.W.n` per window). */
const COUNT_FIELDS: Record<string, (r: Rec) => string[]> = {
  flow: (r) => ['referred', 'later_enrolments', 'started', 'completed', 'with_pre', 'with_pre_and_post', ...((r.classed as { window_months: number }[] | undefined) ?? []).map((c) => `classed.${c.window_months}.n`)],
  'attitudes.scoring': () => ['scored', 'prorated', 'missing_too_many_items'],
  'attitudes.change': () => ['n', 'rci.improved', 'rci.unchanged', 'rci.deteriorated', 'csc.recovered', 'csc.improved', 'csc.unchanged', 'csc.deteriorated', 'attrition.pre_only'],
  'attitudes.jacobson_truax': () => ['count'],
  'attitudes.ancova': () => ['n', 'dropped_missing_covariates'],
  'reconviction.rates': () => ['n', 'excluded', 'reoffended'],
  'reconviction.survival': () => ['at_risk', 'events'],
  'reconviction.survival_curves': () => ['n', 'excluded', 'events'],
  'reconviction.cox': () => ['n', 'events', 'dropped_missing_covariates'],
  'reconviction.logistic': () => ['n', 'dropped_missing_covariates'],
  'reconviction.matched': () => ['dropped_missing_covariates', 'n_treated', 'n_control', 'unmatched_treated'],
  'reconviction.observed_expected': () => ['n', 'observed'],
  'monitoring.quarterly': () => ['n', 'reoffended'],
  'monitoring.regions': () => ['n', 'observed'],
};

/** The count fields the attacker knows, by section (for a check against the schema). */
export function attackerCountFields(): Record<string, (r: Record<string, unknown>) => string[]> {
  return COUNT_FIELDS as Record<string, (r: Record<string, unknown>) => string[]>;
}

function recordsOf(results: Results, section: string): Rec[] {
  let here: unknown = results;
  for (const s of section.split('.')) here = here && typeof here === 'object' ? (here as Record<string, unknown>)[s] : undefined;
  return Array.isArray(here) ? (here as Rec[]) : [];
}

/** A field by path; `classed.24.n` finds the element of `classed` for window 24. */
export function fieldValue(record: unknown, path: string): unknown {
  let here = record;
  for (const seg of path.split('.')) {
    if (Array.isArray(here)) here = here.find((e) => String((e as Record<string, unknown>).window_months) === seg);
    else if (here && typeof here === 'object') here = (here as Record<string, unknown>)[seg];
    else return undefined;
  }
  return here;
}

/** The suppressed path that withholds `path` (itself, or a block containing it), if any. */
function withheldBy(record: Rec, path: string): string | null {
  const listed = new Set(record.suppressed ?? []);
  const segs = path.split('.');
  for (let i = segs.length; i > 0; i--) {
    const p = segs.slice(0, i).join('.');
    if (listed.has(p)) return p;
  }
  return null;
}

const key4 = (...parts: (string | number | boolean)[]) => parts.join('|');

// ---------------------------------------------------------------------------------------------
// The model.

/**
 * The attacker's integer programme for one published output. Exported so that a test can
 * check the relations against the true values, which the attacker itself never sees.
 */
export function buildAttackModel(disclosed: Results, plan: AttackPlan, atomLevels: readonly (readonly (string | null)[])[], minCell: number, options: AttackOptions = {}): AttackModel {
  const existence = options.existence ?? true;
  const m = new ModelBuilder();
  const targets: { variable: number; lowTotal: boolean }[] = [];
  const fieldVars = new Map<string, number>();
  const fieldKey = (section: string, index: number, path: string) => `${section}[${index}].${path}`;

  /** The attacker's view of a count field: a constant, an unknown, or undefined (not there). */
  const field = (section: string, index: number, path: string): Expr | undefined => {
    const record = recordsOf(disclosed, section)[index];
    if (!record) return undefined;
    const by = withheldBy(record, path);
    if (by !== null) {
      const reason = (record.suppressed_reason?.[by] as Reason | undefined) ?? null;
      const block = by !== path;
      // A survival row's numbers at risk are withheld with the step's events (`[low]`: the step
      // rests on few reoffences), so their label says nothing about their own size.
      const label = block || (section === 'reconviction.survival' && path === 'at_risk') ? null : reason;
      const lower = label === 'c' && (options.cLabel ?? true) ? minCell : 0;
      const upper = label === 'low' ? minCell - 1 : Infinity;
      const k = fieldKey(section, index, path);
      const id = m.variable(`field:${k}`, lower, upper, { field: { section, index, path, reason, block } });
      fieldVars.set(k, id);
      return unknown(id);
    }
    const v = fieldValue(record, path);
    return typeof v === 'number' ? konst(v) : undefined;
  };
  const isLow = (section: string, index: number, path: string) => {
    const record = recordsOf(disclosed, section)[index];
    return !!record && (record.suppressed ?? []).includes(path) && record.suppressed_reason?.[path] === 'low';
  };

  // Every withheld count is an unknown (and a target), whether or not a relation names it.
  for (const [section, fieldsOf] of Object.entries(COUNT_FIELDS)) {
    recordsOf(disclosed, section).forEach((record, index) => {
      for (const path of fieldsOf(record)) if (withheldBy(record, path) !== null) field(section, index, path);
    });
  }

  // ---- atoms ----
  const comparisons = plan.comparisons;
  const windows = [...new Set(plan.windows)].sort((a, b) => a - b);
  const allWindows = [...new Set([...windows, 24])].sort((a, b) => a - b);
  const covKey = plan.covariates.join(',');
  const adjusted = plan.covariates.length > 0;
  const measures = ((disclosed.attitudes?.measures ?? []) as { measure: string }[]).map((x) => x.measure);
  const CATS = ['any', 'sexual', 'violent'] as const;

  const atom = (a: number, concept: string) => unknown(m.variable(`atom:${a}:${concept}`, 0, Infinity, { atom: { index: a, concept } }));
  atomLevels.forEach((levels, a) => {
    const x = (c: string) => atom(a, c);
    const t = `atom ${a} [${levels.join(', ')}]`;
    if (existence) m.relate(`${t}: someone is in it`, x('referred'), 1, Infinity);
    m.le(`${t}: started ≤ referred`, x('started'), x('referred'));
    m.le(`${t}: completed ≤ started`, x('completed'), x('started'));
    m.le(`${t}: with_pre ≤ referred`, x('with_pre'), x('referred'));
    m.le(`${t}: with_pre_and_post ≤ with_pre`, x('with_pre_and_post'), x('with_pre'));
    for (const w of allWindows) {
      m.eq(`${t}: classed|${w} + not_classed|${w} = referred`, plus(x(`classed|${w}`), x(`not_classed|${w}`)), x('referred'));
      m.le(`${t}: reoffended|${w}|any ≤ classed|${w}`, x(`reoffended|${w}|any`), x(`classed|${w}`));
      for (const c of ['sexual', 'violent']) m.le(`${t}: reoffended|${w}|${c} ≤ any`, x(`reoffended|${w}|${c}`), x(`reoffended|${w}|any`));
    }
    m.eq(`${t}: curve + not_curve = referred`, plus(x('curve'), x('not_curve')), x('referred'));
    m.le(`${t}: curve_event ≤ curve`, x('curve_event'), x('curve'));
    if (adjusted) {
      const K = covKey;
      m.eq(`${t}: cox + cox_dropped = curve`, plus(x(`cox|${K}`), x(`cox_dropped|${K}`)), x('curve'));
      m.eq(`${t}: cox_event + cox_dropped_event = curve_event`, plus(x(`cox_event|${K}`), x(`cox_dropped_event|${K}`)), x('curve_event'));
      m.le(`${t}: cox_event ≤ cox`, x(`cox_event|${K}`), x(`cox|${K}`));
      m.le(`${t}: cox_dropped_event ≤ cox_dropped`, x(`cox_dropped_event|${K}`), x(`cox_dropped|${K}`));
      for (const w of windows) {
        m.eq(`${t}: classed_complete|${w} + classed_dropped|${w} = classed|${w}`, plus(x(`classed_complete|${w}|${K}`), x(`classed_dropped|${w}|${K}`)), x(`classed|${w}`));
        m.le(`${t}: classed_complete_reoff|${w} ≤ classed_complete`, x(`classed_complete_reoff|${w}|${K}`), x(`classed_complete|${w}|${K}`));
        m.le(`${t}: classed_complete_reoff|${w} ≤ reoffended|${w}|any`, x(`classed_complete_reoff|${w}|${K}`), x(`reoffended|${w}|any`));
        m.le(`${t}: dropped reoffenders|${w} ≤ classed_dropped`, minus(x(`reoffended|${w}|any`), x(`classed_complete_reoff|${w}|${K}`)), x(`classed_dropped|${w}|${K}`));
      }
    }
    m.le(`${t}: classed_ogrs|24 ≤ classed|24`, x('classed_ogrs|24'), x('classed|24'));
    m.le(`${t}: classed_ogrs_reoff|24 ≤ classed_ogrs|24`, x('classed_ogrs_reoff|24'), x('classed_ogrs|24'));
    m.le(`${t}: classed_ogrs_reoff|24 ≤ reoffended|24|any`, x('classed_ogrs_reoff|24'), x('reoffended|24|any'));
    m.le(`${t}: reoffenders without OGRS ≤ classed without OGRS`, minus(x('reoffended|24|any'), x('classed_ogrs_reoff|24')), minus(x('classed|24'), x('classed_ogrs|24')));
    for (const mm of measures) {
      m.le(`${t}: paired|${mm} + pre_only|${mm} ≤ with_pre`, plus(x(`paired|${mm}`), x(`pre_only|${mm}`)), x('with_pre'));
      m.le(`${t}: paired|${mm} ≤ with_pre_and_post`, x(`paired|${mm}`), x('with_pre_and_post'));
    }
  });
  const compIndex = new Map(comparisons.map((c, i) => [c.id, i]));
  const atomsAt = (ci: number, level: string | null) => atomLevels.map((l, a) => [l, a] as const).filter(([l]) => (level === null ? l[ci] !== null && l[ci] !== undefined : l[ci] === level)).map(([, a]) => a);
  const atomSum = (concept: string, atoms: readonly number[]) => plus(konst(0), ...atoms.map((a) => atom(a, concept)));

  // ---- lookups of the published records ----
  const index = (section: string, keyOf: (r: Rec) => string) => {
    const map = new Map<string, number>();
    recordsOf(disclosed, section).forEach((r, i) => map.set(keyOf(r), i));
    return map;
  };
  const S = (r: Rec, k: string) => String(r[k]);
  const flowAt = index('flow', (r) => key4(S(r, 'comparison'), S(r, 'level')));
  const rateAt = index('reconviction.rates', (r) => key4(S(r, 'comparison'), S(r, 'level'), S(r, 'window_months'), S(r, 'category')));
  const curveAt = index('reconviction.survival_curves', (r) => key4(S(r, 'comparison'), S(r, 'level')));
  const changeAt = index('attitudes.change', (r) => key4(S(r, 'comparison'), S(r, 'level'), S(r, 'measure')));
  const oeAt = index('reconviction.observed_expected', (r) => key4(S(r, 'comparison'), S(r, 'level')));
  const coxAt = index('reconviction.cox', (r) => key4(S(r, 'comparison'), S(r, 'adjusted')));
  const logisticAt = index('reconviction.logistic', (r) => key4(S(r, 'comparison'), S(r, 'window_months')));
  const matchedAt = index('reconviction.matched', (r) => key4(S(r, 'comparison'), S(r, 'window_months')));
  const ancovaAt = index('attitudes.ancova', (r) => key4(S(r, 'comparison'), S(r, 'measure'), S(r, 'adjusted'), S(r, 'weighting')));
  const F = (section: string, at: Map<string, number>, k: string, path: string) => {
    const i = at.get(k);
    return i === undefined ? undefined : field(section, i, path);
  };
  const published = (section: string, i: number, path: string) => {
    const r = recordsOf(disclosed, section)[i];
    if (!r || withheldBy(r, path) !== null) return null;
    const v = fieldValue(r, path);
    return typeof v === 'number' ? v : null;
  };
  /** A statistic that, with a published base, gives a withheld count back: count = ratio × base. */
  const giveBack = (label: string, section: string, i: number, countPath: string, basePath: string, ratio: number | null) => {
    if (ratio === null) return;
    const base = published(section, i, basePath);
    if (base !== null && withheldBy(recordsOf(disclosed, section)[i]!, countPath) !== null) {
      const c = ratio * base;
      if (Math.abs(c - Math.round(c)) < 1e-6 * Math.max(1, base)) m.relate(label, field(section, i, countPath), Math.round(c), Math.round(c));
    }
    const count = published(section, i, countPath);
    if (count !== null && ratio > 0 && withheldBy(recordsOf(disclosed, section)[i]!, basePath) !== null) {
      const b = count / ratio;
      if (Math.abs(b - Math.round(b)) < 1e-6 * Math.max(1, b)) m.relate(label, field(section, i, basePath), Math.round(b), Math.round(b));
    }
  };
  const num = (v: unknown) => (typeof v === 'number' ? v : null);

  for (const comparison of comparisons) {
    const ci = compIndex.get(comparison.id)!;
    const c = comparison.id;
    const levels = [comparison.treatment, comparison.reference];
    const both = atomsAt(ci, null);
    for (const L of levels) {
      const atoms = atomsAt(ci, L);
      const tag = `${c}/${L}`;
      // flow
      const fl = (p: string) => F('flow', flowAt, key4(c, L), p);
      for (const concept of ['referred', 'started', 'completed', 'with_pre', 'with_pre_and_post']) m.eq(`flow ${tag} ${concept} = Σ atoms`, fl(concept), atomSum(concept, atoms));
      m.le(`flow ${tag}: started ≤ referred`, fl('started'), fl('referred'));
      m.le(`flow ${tag}: completed ≤ started`, fl('completed'), fl('started'));
      m.le(`flow ${tag}: with_pre ≤ referred`, fl('with_pre'), fl('referred'));
      m.le(`flow ${tag}: with_pre_and_post ≤ with_pre`, fl('with_pre_and_post'), fl('with_pre'));
      for (const w of windows) {
        m.eq(`flow ${tag} classed.${w}.n = Σ atoms`, fl(`classed.${w}.n`), atomSum(`classed|${w}`, atoms));
        for (const cat of CATS) {
          const rt = (p: string) => F('reconviction.rates', rateAt, key4(c, L, w, cat), p);
          const t = `rates ${tag} ${w}m ${cat}`;
          m.eq(`${t}: n = Σ atoms classed`, rt('n'), atomSum(`classed|${w}`, atoms));
          m.eq(`${t}: excluded = Σ atoms not classed`, rt('excluded'), atomSum(`not_classed|${w}`, atoms));
          m.eq(`${t}: reoffended = Σ atoms`, rt('reoffended'), atomSum(`reoffended|${w}|${cat}`, atoms));
          m.eq(`${t}: referred = classed.n + excluded`, fl('referred'), plus(fl(`classed.${w}.n`), rt('excluded')));
          m.eq(`${t}: n = flow classed.n`, rt('n'), fl(`classed.${w}.n`));
          m.le(`${t}: reoffended ≤ n`, rt('reoffended'), rt('n'));
          if (cat !== 'any') m.le(`${t}: reoffended ≤ any`, rt('reoffended'), F('reconviction.rates', rateAt, key4(c, L, w, 'any'), 'reoffended'));
          const ri = rateAt.get(key4(c, L, w, cat));
          if (ri !== undefined) giveBack(`${t}: rate × n`, 'reconviction.rates', ri, 'reoffended', 'n', num(recordsOf(disclosed, 'reconviction.rates')[ri]!.rate));
        }
      }
      // survival curves and their rows
      const cv = (p: string) => F('reconviction.survival_curves', curveAt, key4(c, L), p);
      m.eq(`curve ${tag}: n = Σ atoms`, cv('n'), atomSum('curve', atoms));
      m.eq(`curve ${tag}: events = Σ atoms`, cv('events'), atomSum('curve_event', atoms));
      m.eq(`curve ${tag}: excluded = Σ atoms`, cv('excluded'), atomSum('not_curve', atoms));
      m.eq(`curve ${tag}: n + excluded = referred`, plus(cv('n'), cv('excluded')), fl('referred'));
      m.le(`curve ${tag}: events ≤ n`, cv('events'), cv('n'));
      const rows = recordsOf(disclosed, 'reconviction.survival')
        .map((r, i) => [r, i] as const)
        .filter(([r]) => r.comparison === c && r.level === L)
        .sort(([a], [b]) => (a.time_days as number) - (b.time_days as number))
        .map(([, i]) => i);
      if (rows.length) {
        const sv = (i: number, p: string) => field('reconviction.survival', i, p);
        // Steps with nothing published are left out of the output, so the listed rows' events
        // add up to at most the curve's.
        m.le(`survival ${tag}: Σ listed row events ≤ curve events`, plus(konst(0), ...rows.map((i) => sv(i, 'events'))), cv('events'));
        m.le(`survival ${tag}: first at risk ≤ n`, sv(rows[0]!, 'at_risk'), cv('n'));
        // Nobody leaves before day 0: a step at day 0 has the whole curve at risk.
        if ((recordsOf(disclosed, 'reconviction.survival')[rows[0]!]!.time_days as number) <= 0) m.eq(`survival ${tag}: at risk at day 0 = n`, sv(rows[0]!, 'at_risk'), cv('n'));
        rows.forEach((i, j) => {
          m.le(`survival ${tag} row ${i}: events ≤ at risk`, sv(i, 'events'), sv(i, 'at_risk'));
          if (existence) m.relate(`survival ${tag} row ${i}: a listed step has an event`, sv(i, 'events'), 1, Infinity);
          const next = rows[j + 1];
          if (next !== undefined) m.le(`survival ${tag} row ${next}: at risk ≤ previous at risk − events`, plus(sv(next, 'at_risk'), sv(i, 'events')), sv(i, 'at_risk'));
        });
      }
      // O/E
      const oe = (p: string) => F('reconviction.observed_expected', oeAt, key4(c, L), p);
      m.eq(`O/E ${tag}: n = Σ atoms`, oe('n'), atomSum('classed_ogrs|24', atoms));
      m.eq(`O/E ${tag}: observed = Σ atoms`, oe('observed'), atomSum('classed_ogrs_reoff|24', atoms));
      m.le(`O/E ${tag}: observed ≤ n`, oe('observed'), oe('n'));
      const oi = oeAt.get(key4(c, L));
      if (oi !== undefined) giveBack(`O/E ${tag}: observed rate × n`, 'reconviction.observed_expected', oi, 'observed', 'n', num(recordsOf(disclosed, 'reconviction.observed_expected')[oi]!.observed_rate));
      // change
      for (const mm of measures) {
        const i = changeAt.get(key4(c, L, mm));
        if (i === undefined) continue;
        const rec = recordsOf(disclosed, 'attitudes.change')[i]!;
        const ch = (p: string) => field('attitudes.change', i, p);
        const t = `change ${tag} ${mm}`;
        m.eq(`${t}: n = Σ atoms paired`, ch('n'), atomSum(`paired|${mm}`, atoms));
        m.eq(`${t}: pre_only = Σ atoms`, ch('attrition.pre_only'), atomSum(`pre_only|${mm}`, atoms));
        const rciThere = rec.rci !== null || withheldBy(rec, 'rci.improved') !== null;
        const cscThere = rec.csc !== null || withheldBy(rec, 'csc.recovered') !== null;
        if (rciThere) m.eq(`${t}: n = Σ rci`, ch('n'), plus(ch('rci.improved'), ch('rci.unchanged'), ch('rci.deteriorated')));
        if (cscThere) m.eq(`${t}: n = Σ csc`, ch('n'), plus(ch('csc.recovered'), ch('csc.improved'), ch('csc.unchanged'), ch('csc.deteriorated')));
        if (rciThere && cscThere) {
          m.eq(`${t}: rci.improved = csc.recovered + csc.improved`, ch('rci.improved'), plus(ch('csc.recovered'), ch('csc.improved')));
          m.eq(`${t}: rci.unchanged = csc.unchanged`, ch('rci.unchanged'), ch('csc.unchanged'));
          m.eq(`${t}: rci.deteriorated = csc.deteriorated`, ch('rci.deteriorated'), ch('csc.deteriorated'));
        }
        const rci = rec.rci as Record<string, unknown> | null;
        for (const k of ['improved', 'unchanged', 'deteriorated']) {
          const pct = num(rci?.[`pct_${k}`]);
          if (rciThere && withheldBy(rec, `rci.pct_${k}`) === null) giveBack(`${t}: pct_${k} × n`, 'attitudes.change', i, `rci.${k}`, 'n', pct === null ? null : pct / 100);
        }
        const df = withheldBy(rec, 'df') === null ? num(rec.df) : null;
        if (df !== null) m.relate(`${t}: df = n − 1`, ch('n'), df + 1, df + 1);
        // Jacobson–Truax bins: a published grid lists every non-empty bin of every level.
        const bins = recordsOf(disclosed, 'attitudes.jacobson_truax').map((r, j) => [r, j] as const).filter(([r]) => r.measure === mm);
        if (bins.length) {
          const mine = bins.filter(([r]) => r.comparison === c && r.level === L).map(([, j]) => j);
          // Withheld bins are left out of the output: the listed bins add up to at most n.
          m.le(`${t}: Σ listed Jacobson–Truax bins ≤ n`, plus(konst(0), ...mine.map((j) => field('attitudes.jacobson_truax', j, 'count'))), ch('n'));
          if (existence) for (const j of mine) m.relate(`${t}: listed bin ${j} is not empty`, field('attitudes.jacobson_truax', j, 'count'), 1, Infinity);
        }
      }
    }

    // Cox
    const cox = (adj: boolean, p: string) => F('reconviction.cox', coxAt, key4(c, adj), p);
    const curveN = plus(...levels.map((L) => F('reconviction.survival_curves', curveAt, key4(c, L), 'n')));
    const curveE = plus(...levels.map((L) => F('reconviction.survival_curves', curveAt, key4(c, L), 'events')));
    m.eq(`cox ${c}: unadjusted n = Σ atoms curve`, cox(false, 'n'), atomSum('curve', both));
    m.eq(`cox ${c}: unadjusted events = Σ atoms`, cox(false, 'events'), atomSum('curve_event', both));
    m.eq(`cox ${c}: unadjusted n = Σ curves n`, cox(false, 'n'), curveN);
    m.eq(`cox ${c}: unadjusted events = Σ curves events`, cox(false, 'events'), curveE);
    m.le(`cox ${c}: unadjusted events ≤ n`, cox(false, 'events'), cox(false, 'n'));
    if (adjusted) {
      const K = covKey;
      m.eq(`cox ${c}: adjusted n = Σ atoms`, cox(true, 'n'), atomSum(`cox|${K}`, both));
      m.eq(`cox ${c}: adjusted events = Σ atoms`, cox(true, 'events'), atomSum(`cox_event|${K}`, both));
      m.eq(`cox ${c}: adjusted dropped = Σ atoms`, cox(true, 'dropped_missing_covariates'), atomSum(`cox_dropped|${K}`, both));
      m.eq(`cox ${c}: adjusted n + dropped = unadjusted n`, plus(cox(true, 'n'), cox(true, 'dropped_missing_covariates')), cox(false, 'n'));
      m.le(`cox ${c}: adjusted events ≤ unadjusted events`, cox(true, 'events'), cox(false, 'events'));
      m.le(`cox ${c}: dropped reoffenders ≤ dropped`, minus(cox(false, 'events'), cox(true, 'events')), cox(true, 'dropped_missing_covariates'));
      m.le(`cox ${c}: adjusted events ≤ n`, cox(true, 'events'), cox(true, 'n'));
    }
    for (const w of windows) {
      const lg = (p: string) => F('reconviction.logistic', logisticAt, key4(c, w), p);
      const mt = (p: string) => F('reconviction.matched', matchedAt, key4(c, w), p);
      const ratesN = plus(...levels.map((L) => F('reconviction.rates', rateAt, key4(c, L, w, 'any'), 'n')));
      m.eq(`logistic ${c} ${w}m: n + dropped = Σ rates n`, plus(lg('n'), lg('dropped_missing_covariates')), ratesN);
      m.eq(`logistic ${c} ${w}m: n = Σ atoms`, lg('n'), atomSum(adjusted ? `classed_complete|${w}|${covKey}` : `classed|${w}`, both));
      if (adjusted) {
        m.eq(`logistic ${c} ${w}m: dropped = Σ atoms`, lg('dropped_missing_covariates'), atomSum(`classed_dropped|${w}|${covKey}`, both));
        m.eq(`matched ${c} ${w}m: dropped = Σ atoms`, mt('dropped_missing_covariates'), atomSum(`classed_dropped|${w}|${covKey}`, both));
        m.eq(`matched ${c} ${w}m: n_treated = n_control`, mt('n_treated'), mt('n_control'));
        const treated = atomSum(`classed_complete|${w}|${covKey}`, atomsAt(ci, comparison.treatment));
        const control = atomSum(`classed_complete|${w}|${covKey}`, atomsAt(ci, comparison.reference));
        m.le(`matched ${c} ${w}m: pairs + unmatched ≤ treated`, plus(mt('n_treated'), mt('unmatched_treated')), treated);
        m.le(`matched ${c} ${w}m: pairs ≤ controls`, mt('n_control'), control);
      }
      m.eq(`matched ${c} ${w}m: dropped = logistic dropped`, mt('dropped_missing_covariates'), lg('dropped_missing_covariates'));
    }
    for (const mm of measures) {
      const changeN = plus(...levels.map((L) => F('attitudes.change', changeAt, key4(c, L, mm), 'n')));
      for (const adj of adjusted ? [false, true] : [false]) {
        const an = (p: string) => F('attitudes.ancova', ancovaAt, key4(c, mm, adj, 'none'), p);
        m.eq(`ancova ${c} ${mm}${adj ? ' adjusted' : ''}: n + dropped = Σ change n`, plus(an('n'), an('dropped_missing_covariates')), changeN);
      }
      // Attrition-weighted records, unadjusted or not, fit the people with every plan covariate:
      // the counts of the fullest complete-case record.
      const full = (p: string) => F('attitudes.ancova', ancovaAt, key4(c, mm, adjusted, 'none'), p);
      for (const adj of adjusted ? [false, true] : [false]) {
        const wt = (p: string) => F('attitudes.ancova', ancovaAt, key4(c, mm, adj, 'attrition'), p);
        if (wt('n') === undefined) continue;
        m.eq(`ancova ${c} ${mm}${adj ? ' adjusted' : ''} weighted: n = the complete-case n with every covariate`, wt('n'), full('n'));
        m.eq(`ancova ${c} ${mm}${adj ? ' adjusted' : ''} weighted: dropped = the complete-case dropped`, wt('dropped_missing_covariates'), full('dropped_missing_covariates'));
      }
    }
  }

  // Within-record relations of the sections not tied to the atoms.
  recordsOf(disclosed, 'attitudes.scoring').forEach((_, i) => m.le(`scoring[${i}]: prorated ≤ scored`, field('attitudes.scoring', i, 'prorated'), field('attitudes.scoring', i, 'scored')));
  recordsOf(disclosed, 'monitoring.quarterly').forEach((r, i) => {
    m.le(`quarterly[${i}]: reoffended ≤ n`, field('monitoring.quarterly', i, 'reoffended'), field('monitoring.quarterly', i, 'n'));
    giveBack(`quarterly[${i}]: rate × n`, 'monitoring.quarterly', i, 'reoffended', 'n', withheldBy(r, 'rate') === null ? num(r.rate) : null);
  });
  recordsOf(disclosed, 'monitoring.regions').forEach((_, i) => m.le(`regions[${i}]: observed ≤ n`, field('monitoring.regions', i, 'observed'), field('monitoring.regions', i, 'n')));

  // Targets: each withheld count, with whether a total it is part of is itself [low].
  const totalsOf = (section: string, index: number, path: string): [string, number, string][] => {
    const r = recordsOf(disclosed, section)[index]!;
    const same = (...ps: string[]) => ps.map((p) => [section, index, p] as [string, number, string]);
    switch (section) {
      case 'flow':
        if (path === 'completed') return same('started', 'referred');
        if (path === 'with_pre_and_post') return same('with_pre', 'referred');
        return path === 'referred' ? [] : same('referred');
      case 'attitudes.change':
        return path.startsWith('rci.') || path.startsWith('csc.') ? same('n') : [];
      case 'attitudes.jacobson_truax': {
        const i = changeAt.get(key4(S(r, 'comparison'), S(r, 'level'), S(r, 'measure')));
        return i === undefined ? [] : [['attitudes.change', i, 'n']];
      }
      case 'attitudes.scoring':
        return path === 'prorated' ? same('scored') : [];
      case 'reconviction.rates':
        return path === 'reoffended' ? same('n') : [];
      case 'reconviction.survival':
        return path === 'events' ? same('at_risk') : [];
      case 'reconviction.survival_curves':
      case 'reconviction.cox':
        return path === 'events' ? same('n') : [];
      case 'reconviction.observed_expected':
      case 'monitoring.regions':
        return path === 'observed' ? same('n') : [];
      case 'monitoring.quarterly':
        return path === 'reoffended' ? same('n') : [];
      default:
        return [];
    }
  };
  const only = options.only ? new Set(options.only) : null;
  for (const id of new Set(fieldVars.values())) {
    const f = m.variables[id]!.field!;
    if (only && !only.has(fieldKey(f.section, f.index, f.path))) continue;
    targets.push({ variable: id, lowTotal: totalsOf(f.section, f.index, f.path).some(([s, i, p]) => isLow(s, i, p)) });
  }
  for (const t of options.implied ?? []) {
    const ci = compIndex.get(t.comparison);
    if (ci === undefined) throw new Error(`implied target ${t.label}: no comparison ${t.comparison}`);
    const id = m.variable(`implied:${t.label}`, 0, Infinity, { implied: t.label });
    m.eq(`implied ${t.label}`, unknown(id), atomSum(t.concept, atomsAt(ci, t.level ?? null)));
    targets.push({ variable: id, lowTotal: false });
  }
  return { variables: m.variables, rows: m.rows, targets, contradictions: m.contradictions };
}

// ---------------------------------------------------------------------------------------------
// Solving.

/** A cap on every unknown while looking for high feasible points (far above any cohort here). */
const WITNESS_CAP = 100_000;

/** Whether a range protects its count (the verdict of the file comment). */
export function protects(lower: number, upper: number | null, reason: Reason | null, lowTotal: boolean, minCell: number): boolean {
  if (upper === null) return true;
  if (upper - lower + 1 >= minCell) return true;
  if (reason === 'low' && lower <= 1 && upper >= minCell - 1) return true;
  return lowTotal && upper > lower;
}

/**
 * Attack a published output: the range of every withheld count (and of any implied counts
 * asked for), and the counts whose range does not protect them.
 */
export async function attack(disclosed: Results, plan: AttackPlan, atomLevels: readonly (readonly (string | null)[])[], minCell: number, options: AttackOptions = {}): Promise<AttackResult> {
  const model = buildAttackModel(disclosed, plan, atomLevels, minCell, options);
  const highs = await solver();
  const n = model.variables.length;
  const rows = model.rows;
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    for (const [j, c] of r.terms) {
      indices.push(j);
      values.push(c);
    }
    starts.push(indices.length);
  }
  const inf = highs.infinity as number;
  const bound = (x: number) => (x === Infinity ? inf : x === -Infinity ? -inf : x);
  const lp = highs.createModel({
    numCols: n,
    numRows: rows.length,
    colCost: new Array(n).fill(0),
    colLower: model.variables.map((v) => bound(v.lower)),
    colUpper: model.variables.map((v) => bound(v.upper)),
    rowLower: rows.map((r) => bound(r.lower)),
    rowUpper: rows.map((r) => bound(r.upper)),
    matrix: { format: 'csr', numRows: rows.length, numCols: n, starts, indices, values },
    integrality: new Array(n).fill(highs.constants.variableType.integer),
  });
  const status = highs.constants.modelStatus;
  const sense = highs.constants.objectiveSense;
  let solves = 0;
  const seenLow = new Map<number, number>();
  const seenHigh = new Map<number, number>();
  const witness = () => {
    const x = lp.getSolution().colValue as ArrayLike<number>;
    for (const t of model.targets) {
      const v = Math.round(x[t.variable]!);
      seenLow.set(t.variable, Math.min(seenLow.get(t.variable) ?? Infinity, v));
      seenHigh.set(t.variable, Math.max(seenHigh.get(t.variable) ?? -Infinity, v));
    }
  };
  let costed: number | null = null;
  /** Optimise one variable: its end of the range, or null when unbounded. */
  const solve = (j: number, maximise: boolean): number | null | 'infeasible' => {
    if (costed !== null) lp.changeColCost(costed, 0);
    lp.changeColCost(j, 1);
    costed = j;
    lp.changeObjectiveSense(maximise ? sense.maximize : sense.minimize);
    lp.run();
    solves++;
    const s = lp.getModelStatus();
    if (s === status.optimal) {
      witness();
      return Math.round(lp.getObjectiveValue());
    }
    if (s === status.infeasible) return 'infeasible';
    if (maximise && (s === status.unbounded || s === status.unboundedOrInfeasible)) return null;
    throw new Error(`HiGHS ended with model status ${s} on ${model.variables[j]!.key}`);
  };

  const result: AttackResult = { checked: 0, violations: [], counts: [], implied: [], contradictions: model.contradictions, infeasible: false, solves: 0 };
  try {
    lp.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-6, time_limit: 120 });
    const exact = options.exact ?? false;
    // Feasible points with every withheld count low, then high, often show a range is wide
    // enough without solving for its ends (a point's values always lie within the range).
    if (model.targets.length && !exact) {
      for (const t of model.targets) lp.changeColCost(t.variable, 1);
      lp.changeObjectiveSense(sense.minimize);
      lp.run();
      solves++;
      if (lp.getModelStatus() === status.optimal) {
        witness();
        const cap = WITNESS_CAP;
        model.variables.forEach((v, j) => lp.changeColBounds(j, v.lower, Math.min(v.upper, Math.max(v.lower, cap))));
        lp.changeObjectiveSense(sense.maximize);
        lp.run();
        solves++;
        if (lp.getModelStatus() === status.optimal) witness();
        model.variables.forEach((v, j) => lp.changeColBounds(j, v.lower, bound(v.upper)));
      }
      for (const t of model.targets) lp.changeColCost(t.variable, 0);
    }
    for (const t of model.targets) {
      const v = model.variables[t.variable]!;
      const reason = v.field ? (v.field.block ? null : v.field.reason) : null;
      let lower: number | null = null;
      let upper: number | null | undefined = undefined;
      const seen = () => protects(seenLow.get(t.variable) ?? Infinity, seenHigh.get(t.variable) ?? -Infinity, reason, t.lowTotal, minCell);
      if (!exact && !v.implied && seenLow.has(t.variable) && seen()) {
        result.counts.push({ ...v.field!, reason, lower: seenLow.get(t.variable)!, upper: seenHigh.get(t.variable)!, exact: false, protected: true });
        result.checked++;
        continue;
      }
      const lo = solve(t.variable, false);
      if (lo === 'infeasible') {
        result.infeasible = true;
        break;
      }
      lower = lo;
      if (!exact && !v.implied && protects(lower!, seenHigh.get(t.variable)!, reason, t.lowTotal, minCell)) {
        result.counts.push({ ...v.field!, reason, lower: lower!, upper: seenHigh.get(t.variable)!, exact: false, protected: true });
        result.checked++;
        continue;
      }
      const hi = solve(t.variable, true);
      if (hi === 'infeasible') {
        result.infeasible = true;
        break;
      }
      upper = hi;
      if (v.implied) {
        result.implied.push({ label: v.implied, lower: lower!, upper });
        continue;
      }
      const ok = protects(lower!, upper, reason, t.lowTotal, minCell);
      result.counts.push({ ...v.field!, reason, lower: lower!, upper, exact: true, protected: ok });
      result.checked++;
      if (!ok) result.violations.push({ section: v.field!.section, index: v.field!.index, path: v.field!.path, reason, lower: lower!, upper });
    }
  } finally {
    result.solves = solves;
    lp.dispose();
  }
  return result;
}
