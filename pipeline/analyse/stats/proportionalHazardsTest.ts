/**
 * Test of the proportional-hazards assumption of a Cox model from scaled Schoenfeld
 * residuals (Grambsch & Therneau 1994, "Proportional hazards tests and diagnostics based
 * on weighted residuals", Biometrika 81:515–526), as R's `cox.zph(fit)` in survival 3.x
 * (defaults transform = "km", terms = TRUE, global = TRUE; `?cox.zph`). Survival 3.x computes
 * it as the score test, at the fitted β, for adding the time-varying terms x · g(t) to the
 * model, where g(t) = 1 − S(t−) (left-continuous Kaplan–Meier of all data) centred at its
 * mean over the events. At each event time the added terms' score is g · (score of x) and
 * the information blocks are V, g V and g² V (Efron-weighted, as in the fit). Per term the
 * statistic is u' I⁻¹ u on the rows of all model coefficients plus that term's added
 * columns; the global statistic uses all added columns.
 *
 * @example
 * const data = { time, event, covariates: { buildingChoices, ogrs } };
 * const fit = coxProportionalHazards(data);
 * const ph = proportionalHazardsTest(data, fit.terms.map((t) => t.coefficient));
 * // { terms: [{ term: 'buildingChoices', chisq, df: 1, p }, { term: 'ogrs', … }], global: { term: 'GLOBAL', chisq, df: 2, p } }
 */
import { Matrix, solve } from 'ml-matrix';
import { efronPartialLikelihood, prepareCoxData, type CoxData } from './coxProportionalHazards.ts';
import { DegenerateData } from './degenerateData.ts';
import { chiSquareUpperTail } from './regularizedGamma.ts';

export interface ProportionalHazardsTerm {
  term: string;
  chisq: number;
  df: number;
  p: number;
}

export interface ProportionalHazardsTest {
  terms: ProportionalHazardsTerm[];
  global: ProportionalHazardsTerm;
}

/**
 * @param data the data the Cox model was fitted to (cluster is ignored, as in R)
 * @param coefficients the fitted coefficients, in the order of `data.covariates`
 * @param terms optional grouping of covariate columns into terms (e.g. the dummies of one
 *   factor), by name; by default each covariate is its own term
 */
export function proportionalHazardsTest(data: CoxData, coefficients: ArrayLike<number>, terms?: Record<string, string[]>): ProportionalHazardsTest {
  const prep = prepareCoxData(data);
  const { p, names, blocks, event, n } = prep;
  if (coefficients.length !== p) throw new RangeError(`expected ${p} coefficients, got ${coefficients.length}`);
  const termDefs: Array<[string, number[]]> = terms
    ? Object.entries(terms).map(([t, cols]) => [
        t,
        cols.map((c) => {
          const j = names.indexOf(c);
          if (j < 0) throw new RangeError(`term ${t} names unknown covariate ${c}`);
          return j;
        }),
      ])
    : names.map((name, j) => [name, [j]]);

  // g(t) = 1 − S(t−), KM over all data, centred at its mean over events.
  const gBlock = new Float64Array(blocks.length);
  let surv = 1;
  let atRisk = n;
  let sumG = 0;
  for (let b = 0; b < blocks.length; b++) {
    const [s, e] = blocks[b]!;
    gBlock[b] = 1 - surv;
    let d = 0;
    for (let i = s; i < e; i++) d += event[i]!;
    sumG += d * gBlock[b]!;
    surv *= (atRisk - d) / atRisk;
    atRisk -= e - s;
  }
  const gMean = sumG / prep.events;

  const P2 = 2 * p;
  const imat = Array.from({ length: P2 }, () => new Float64Array(P2));
  const u2 = new Float64Array(p);
  efronPartialLikelihood(prep, coefficients, ({ block, score, information }) => {
    const g = gBlock[block]! - gMean;
    for (let j = 0; j < p; j++) {
      u2[j]! += g * score[j]!;
      for (let l = 0; l < p; l++) {
        const v = information[j * p + l]!;
        imat[j]![l]! += v;
        imat[j]![l + p]! += g * v;
        imat[j + p]![l]! += g * v;
        imat[j + p]![l + p]! += g * g * v;
      }
    }
  });

  const statistic = (extra: number[]): number => {
    const kk = [...names.map((_, j) => j), ...extra.map((j) => j + p)];
    const sub = new Matrix(kk.map((r) => kk.map((c) => imat[r]![c]!)));
    const u = Matrix.columnVector(kk.map((r) => (r < p ? 0 : u2[r - p]!)));
    const sol = solve(sub, u);
    let chisq = 0;
    for (let r = 0; r < kk.length; r++) chisq += sol.get(r, 0) * u.get(r, 0);
    if (!Number.isFinite(chisq) || chisq < 0) throw new DegenerateData('the proportional-hazards test information is singular (all event times tied?)');
    return chisq;
  };
  const distinctEventTimes = blocks.filter(([s, e]) => event.subarray(s, e).some((v) => v === 1)).length;
  if (distinctEventTimes < 2) throw new DegenerateData('all reconvictions happened on the same day, so hazards cannot be compared over time');

  const out = termDefs.map(([term, cols]) => {
    const chisq = statistic(cols);
    return { term, chisq, df: cols.length, p: chiSquareUpperTail(chisq, cols.length) };
  });
  const chisq = statistic(names.map((_, j) => j));
  return { terms: out, global: { term: 'GLOBAL', chisq, df: p, p: chiSquareUpperTail(chisq, p) } };
}
