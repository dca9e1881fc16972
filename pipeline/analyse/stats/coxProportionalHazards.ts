/**
 * Cox proportional-hazards regression (Cox 1972, "Regression models and life-tables",
 * JRSS B 34:187–220) by Newton–Raphson on the partial likelihood with Efron's (1977,
 * JASA 72:557–565) approximation for tied event times, as R's
 * `coxph(Surv(time, event) ~ x1 + x2 …, ties = "efron")` (survival package; `?coxph`,
 * `?coxph.control`: start at 0, eps = 1e-9 on the relative change in log partial
 * likelihood, iter.max = 20, step-halving when the likelihood falls).
 *
 * With `cluster`, the variance is the robust sandwich of Lin & Wei (1989, "The robust
 * inference for the proportional hazards model", JASA 84:1074–1078): the dfbeta residuals
 * (Efron score residuals × the model variance) are summed within cluster and
 * V = Σ_g D_g D_g'. This is `coxph(..., cluster = cluster)`'s `$var`; R applies no
 * small-sample factor, and neither does this. SE, z, Wald p (normal) and the 95% CI of the
 * hazard ratio then use the robust SE, as R's `summary()` does.
 *
 * Degenerate data throw DegenerateData: no events, a covariate that does not vary (a level
 * with no one), a coefficient that diverges (R's "coefficient may be infinite" check:
 * the next Newton step |V u| exceeds eps and sqrt(eps)·max(1, |β|)), no convergence, a single cluster.
 *
 * `efronPartialLikelihood` is exported for the proportional-hazards test, which needs the
 * same per-event-time score and information.
 *
 * @example
 * const fit = coxProportionalHazards({
 *   time: [5, 8, 8, 12, 15, 20, 22, 30], event: [1, 1, 1, 0, 1, 1, 0, 1],
 *   covariates: { buildingChoices: [1, 0, 1, 0, 1, 0, 0, 1] },
 * });
 * // fit.terms[0] = { term: 'buildingChoices', coefficient, hazardRatio, se, robustSe: null, z, p, lower, upper }
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { DegenerateData } from './degenerateData.ts';
import { waldTerms, type WaldTerm } from './waldTerm.ts';

export interface CoxData {
  /** follow-up time */
  time: ArrayLike<number>;
  /** 1/true = event at `time`, 0/false = censored */
  event: ArrayLike<number | boolean>;
  /** covariate columns in model order (insertion order of the keys) */
  covariates: Record<string, ArrayLike<number>>;
  /** cluster identifiers (e.g. person or programme group); gives the robust variance */
  cluster?: ArrayLike<string | number>;
}

/** A Cox coefficient with Wald inference (see waldTerm.ts); the ratio is the hazard ratio. */
export type CoxTerm = Omit<WaldTerm, 'ratio'> & { hazardRatio: number };

export interface CoxProportionalHazards {
  n: number;
  events: number;
  terms: CoxTerm[];
  /** log partial likelihood at β = 0 and at the estimate (R's $loglik) */
  loglik: [number, number];
  iterations: number;
  /** model-based variance (R's $naive.var when clustered, else $var) */
  naiveVariance: number[][];
  /** robust variance (R's $var when clustered), null without cluster */
  robustVariance: number[][] | null;
  clusters: number | null;
  confLevel: number;
}

/** Data sorted by time, covariates centred, event blocks located; shared with the PH test. */
export interface CoxPrepared {
  n: number;
  p: number;
  names: string[];
  /** original index of the i-th sorted observation */
  order: Int32Array;
  time: Float64Array;
  event: Uint8Array;
  /** centred covariates, row-major n × p, in sorted order */
  x: Float64Array;
  /** [start, end) of each run of equal times, ascending */
  blocks: Array<[number, number]>;
  events: number;
}

export function prepareCoxData(data: CoxData): CoxPrepared {
  const n = data.time.length;
  const names = Object.keys(data.covariates);
  const p = names.length;
  if (data.event.length !== n) throw new RangeError(`time has ${n} entries but event has ${data.event.length}`);
  if (p === 0) throw new RangeError('a Cox model needs at least one covariate');
  for (const name of names) if (data.covariates[name]!.length !== n) throw new RangeError(`covariate ${name} has the wrong length`);
  if (n === 0) throw new DegenerateData('there is no one to fit a Cox model to');
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(data.time[i])) throw new DegenerateData('a follow-up time is missing or not a number');
    const e = Number(data.event[i]);
    if (e !== 0 && e !== 1) throw new RangeError(`event must be 0 or 1 (got ${String(data.event[i])})`);
  }
  idx.sort((a, b) => data.time[a]! - data.time[b]!);
  const order = Int32Array.from(idx);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const x = new Float64Array(n * p);
  let events = 0;
  for (let j = 0; j < p; j++) {
    const col = data.covariates[names[j]!]!;
    let mean = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (!Number.isFinite(v)) throw new DegenerateData(`covariate ${names[j]} has a missing or non-numeric value`);
      mean += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min === max) throw new DegenerateData(`covariate ${names[j]} takes a single value (a level with no one), so its effect cannot be estimated`);
    mean /= n;
    for (let i = 0; i < n; i++) x[i * p + j] = col[order[i]!]! - mean;
  }
  for (let i = 0; i < n; i++) {
    time[i] = data.time[order[i]!]!;
    event[i] = Number(data.event[order[i]!]);
    events += event[i]!;
  }
  if (events === 0) throw new DegenerateData('no one was reconvicted, so a Cox model cannot be fitted');
  const blocks: Array<[number, number]> = [];
  for (let s = 0; s < n; ) {
    let e = s + 1;
    while (e < n && time[e] === time[s]) e++;
    blocks.push([s, e]);
    s = e;
  }
  return { n, p, names, order, time, event, x, blocks, events };
}

export interface EfronTimeSums {
  /** block index (into prep.blocks) of this event time */
  block: number;
  /** Σ_deaths x − Σ_k x̄_k at this time (length p) */
  score: Float64Array;
  /** Σ_k [(S2 − f D2)/den − x̄_k x̄_k'] at this time (p × p, row-major) */
  information: Float64Array;
}

export interface EfronPass {
  loglik: number;
  score: Float64Array;
  /** p × p, row-major */
  information: Float64Array;
  /** exp(linear predictor) in sorted order (centred covariates) */
  risk: Float64Array;
}

/**
 * Log partial likelihood, score and information at β under Efron ties; `perTime`, if given,
 * receives each event time's contribution.
 */
export function efronPartialLikelihood(prep: CoxPrepared, beta: ArrayLike<number>, perTime?: (sums: EfronTimeSums) => void): EfronPass {
  const { n, p, x, event, blocks } = prep;
  const risk = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += x[i * p + j]! * beta[j]!;
    eta[i] = e;
    risk[i] = Math.exp(e);
  }
  const S1 = new Float64Array(p);
  const S2 = new Float64Array(p * p);
  const D1 = new Float64Array(p);
  const D2 = new Float64Array(p * p);
  const xd = new Float64Array(p);
  const m = new Float64Array(p);
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  let S0 = 0;
  let loglik = 0;
  for (let b = blocks.length - 1; b >= 0; b--) {
    const [start, end] = blocks[b]!;
    let D0 = 0;
    let d = 0;
    let etaD = 0;
    D1.fill(0);
    D2.fill(0);
    xd.fill(0);
    for (let i = start; i < end; i++) {
      const r = risk[i]!;
      S0 += r;
      for (let j = 0; j < p; j++) {
        const xj = x[i * p + j]!;
        S1[j]! += r * xj;
        for (let l = 0; l <= j; l++) S2[j * p + l]! += r * xj * x[i * p + l]!;
      }
      if (event[i] === 1) {
        d++;
        D0 += r;
        etaD += eta[i]!;
        for (let j = 0; j < p; j++) {
          const xj = x[i * p + j]!;
          xd[j]! += xj;
          D1[j]! += r * xj;
          for (let l = 0; l <= j; l++) D2[j * p + l]! += r * xj * x[i * p + l]!;
        }
      }
    }
    if (d === 0) continue;
    const tScore = perTime ? new Float64Array(p) : score;
    const tInfo = perTime ? new Float64Array(p * p) : information;
    loglik += etaD;
    for (let j = 0; j < p; j++) tScore[j]! += xd[j]!;
    for (let k = 0; k < d; k++) {
      const f = k / d;
      const den = S0 - f * D0;
      loglik -= Math.log(den);
      for (let j = 0; j < p; j++) {
        m[j] = (S1[j]! - f * D1[j]!) / den;
        tScore[j]! -= m[j]!;
      }
      for (let j = 0; j < p; j++) {
        for (let l = 0; l <= j; l++) tInfo[j * p + l]! += (S2[j * p + l]! - f * D2[j * p + l]!) / den - m[j]! * m[l]!;
      }
    }
    if (perTime) {
      for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) tInfo[l * p + j] = tInfo[j * p + l]!;
      perTime({ block: b, score: tScore, information: tInfo });
      for (let j = 0; j < p; j++) score[j]! += tScore[j]!;
      for (let q = 0; q < p * p; q++) information[q]! += tInfo[q]!;
    }
  }
  if (!perTime) for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) information[l * p + j] = information[j * p + l]!;
  return { loglik, score, information, risk };
}

function toMatrix(a: Float64Array, p: number): Matrix {
  const rows: number[][] = [];
  for (let j = 0; j < p; j++) rows.push(Array.from(a.subarray(j * p, j * p + p)));
  return new Matrix(rows);
}

/** Inverse of a positive-definite information matrix, or DegenerateData. */
function invertInformation(info: Float64Array, p: number, what: string): Matrix {
  const chol = new CholeskyDecomposition(toMatrix(info, p));
  if (!chol.isPositiveDefinite()) throw new DegenerateData(`the ${what} information matrix is singular (covariates are collinear or an effect cannot be estimated)`);
  const inv = chol.solve(Matrix.eye(p));
  for (let j = 0; j < p; j++) if (!Number.isFinite(inv.get(j, j)) || inv.get(j, j) <= 0) throw new DegenerateData(`the ${what} information matrix is singular`);
  return inv;
}

/**
 * Efron score residuals (R's `residuals(fit, type = "score")`) in sorted order, n × p
 * row-major, at the risk scores of `pass`.
 */
export function efronScoreResiduals(prep: CoxPrepared, risk: Float64Array): Float64Array {
  const { n, p, x, event, blocks } = prep;
  const nb = blocks.length;
  // Per-block hazard quantities, computed on a descending pass.
  const haz = new Float64Array(nb);
  const hazD = new Float64Array(nb);
  const xhaz = new Float64Array(nb * p);
  const xhazD = new Float64Array(nb * p);
  const meanXbar = new Float64Array(nb * p);
  const S1 = new Float64Array(p);
  const D1 = new Float64Array(p);
  let S0 = 0;
  for (let b = nb - 1; b >= 0; b--) {
    const [start, end] = blocks[b]!;
    let D0 = 0;
    let d = 0;
    D1.fill(0);
    for (let i = start; i < end; i++) {
      const r = risk[i]!;
      S0 += r;
      for (let j = 0; j < p; j++) S1[j]! += r * x[i * p + j]!;
      if (event[i] === 1) {
        d++;
        D0 += r;
        for (let j = 0; j < p; j++) D1[j]! += r * x[i * p + j]!;
      }
    }
    for (let k = 0; k < d; k++) {
      const f = k / d;
      const den = S0 - f * D0;
      haz[b]! += 1 / den;
      hazD[b]! += (1 - f) / den;
      for (let j = 0; j < p; j++) {
        const mj = (S1[j]! - f * D1[j]!) / den;
        xhaz[b * p + j]! += mj / den;
        xhazD[b * p + j]! += ((1 - f) * mj) / den;
        meanXbar[b * p + j]! += mj / d;
      }
    }
  }
  const resid = new Float64Array(n * p);
  let cumHaz = 0;
  const cumX = new Float64Array(p);
  for (let b = 0; b < nb; b++) {
    const [start, end] = blocks[b]!;
    for (let i = start; i < end; i++) {
      const r = risk[i]!;
      for (let j = 0; j < p; j++) {
        const xj = x[i * p + j]!;
        let v = -r * (xj * cumHaz - cumX[j]!);
        if (event[i] === 1) v += xj - meanXbar[b * p + j]! - r * (xj * hazD[b]! - xhazD[b * p + j]!);
        else v -= r * (xj * haz[b]! - xhaz[b * p + j]!);
        resid[i * p + j] = v;
      }
    }
    cumHaz += haz[b]!;
    for (let j = 0; j < p; j++) cumX[j]! += xhaz[b * p + j]!;
  }
  return resid;
}

export interface CoxOptions {
  confLevel?: number;
  /** coxph.control eps (default 1e-9) */
  eps?: number;
  /** coxph.control iter.max (default 20) */
  maxIterations?: number;
}

export function coxProportionalHazards(data: CoxData, options: CoxOptions = {}): CoxProportionalHazards {
  const confLevel = options.confLevel ?? 0.95;
  const eps = options.eps ?? 1e-9;
  const maxIter = options.maxIterations ?? 20;
  const prep = prepareCoxData(data);
  const { n, p, names } = prep;

  // Newton–Raphson as survival's coxfit6.
  let beta: Float64Array = new Float64Array(p);
  let cur = efronPartialLikelihood(prep, beta);
  const loglik0 = cur.loglik;
  let loglik = cur.loglik;
  let newBeta: Float64Array = newtonStep(beta, cur, p);
  let halving = false;
  let converged = false;
  let iterations = 0;
  let last = cur;
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    const next = efronPartialLikelihood(prep, newBeta);
    if (!Number.isFinite(next.loglik)) throw new DegenerateData('the Cox model diverged (a coefficient is heading to infinity: perfect separation)');
    if (Math.abs(1 - loglik / next.loglik) <= eps && !halving) {
      loglik = next.loglik;
      beta = newBeta;
      last = next;
      converged = true;
      break;
    }
    if (iter === maxIter) break;
    if (next.loglik < loglik) {
      halving = true;
      const h = new Float64Array(p);
      for (let j = 0; j < p; j++) h[j] = (newBeta[j]! + beta[j]!) / 2;
      newBeta = h;
    } else {
      halving = false;
      loglik = next.loglik;
      beta = newBeta;
      cur = next;
      newBeta = newtonStep(beta, cur, p);
    }
  }
  if (!converged) throw new DegenerateData(`the Cox model did not converge in ${maxIter} iterations (a coefficient may be infinite)`);
  const naive = invertInformation(last.information, p, 'Cox model');
  // R's infinite-coefficient check (coxph.fit): the next step |V u| against eps and sqrt(eps)|β|,
  // with |β| floored at 1. R only warns; a near-zero β (0.0002) whose last step is 1e-7 would
  // otherwise count as infinite, while a diverging one steps by about 1 each iteration.
  for (let j = 0; j < p; j++) {
    let step = 0;
    for (let l = 0; l < p; l++) step += naive.get(j, l) * last.score[l]!;
    if (Math.abs(step) > eps && Math.abs(step) > Math.sqrt(eps) * Math.max(1, Math.abs(beta[j]!))) {
      throw new DegenerateData(`the coefficient of ${names[j]} diverges (perfect separation: e.g. no reconvictions in one group)`);
    }
  }

  let robust: Matrix | null = null;
  let clusters: number | null = null;
  if (data.cluster) {
    if (data.cluster.length !== n) throw new RangeError('cluster must have one entry per person');
    const resid = efronScoreResiduals(prep, last.risk);
    const ids = new Map<string | number, number>();
    const clusterOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = data.cluster[prep.order[i]!]!;
      let g = ids.get(c);
      if (g === undefined) {
        g = ids.size;
        ids.set(c, g);
      }
      clusterOf[i] = g;
    }
    clusters = ids.size;
    if (clusters < 2) throw new DegenerateData('everyone is in a single cluster, so a cluster-robust variance cannot be estimated');
    const sums = new Float64Array(clusters * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sums[clusterOf[i]! * p + j]! += resid[i * p + j]!;
    const D = new Matrix(clusters, p);
    for (let g = 0; g < clusters; g++) for (let j = 0; j < p; j++) D.set(g, j, sums[g * p + j]!);
    const dfbeta = D.mmul(naive);
    robust = dfbeta.transpose().mmul(dfbeta);
  }

  const terms: CoxTerm[] = waldTerms(names, beta, naive, robust, confLevel).map(({ ratio, ...t }) => ({ ...t, hazardRatio: ratio }));
  return {
    n,
    events: prep.events,
    terms,
    loglik: [loglik0, loglik],
    iterations,
    naiveVariance: naive.to2DArray(),
    robustVariance: robust ? robust.to2DArray() : null,
    clusters,
    confLevel,
  };
}

function newtonStep(beta: Float64Array, pass: EfronPass, p: number): Float64Array {
  const chol = new CholeskyDecomposition(toMatrix(pass.information, p));
  if (!chol.isPositiveDefinite()) throw new DegenerateData('the Cox model information matrix is singular (collinear covariates or an effect that cannot be estimated)');
  const step = chol.solve(Matrix.columnVector(Array.from(pass.score)));
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) out[j] = beta[j]! + step.get(j, 0);
  return out;
}
