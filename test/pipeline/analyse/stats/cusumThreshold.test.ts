import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import randu from '@stdlib/random-base-randu';
import { describe, expect, it } from 'vitest';
import { cusumThreshold, inControlRunLengths } from '../../../../pipeline/analyse/stats/cusumThreshold.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { riskAdjustedCusum } from '../../../../pipeline/analyse/stats/riskAdjustedCusum.ts';

// The simulation parts are checked by agreement within Monte Carlo error, not to 1e-6.
const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../reference/risk_adjusted_cusum.json'), 'utf8')) as {
  arl: { threshold: number; odds_ratio: number; pool: number[]; runs: number; arl: number; se: number; markov_arl: number };
};
const pool = reference.arl.pool;

const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
const standardError = (xs: ArrayLike<number>) => {
  const m = mean(xs);
  return Math.sqrt(Array.from(xs).reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length);
};

describe('cusumThreshold (threshold for an in-control ARL by simulation)', () => {
  const chosen = cusumThreshold({ expected: pool, oddsRatio: 2, arl0: 1000, seed: 1, replicates: 2000 });

  it('is seeded: the same seed gives the same h, another seed a different one', () => {
    expect(cusumThreshold({ expected: pool, oddsRatio: 2, arl0: 1000, seed: 1, replicates: 2000 })).toEqual(chosen);
    const other = cusumThreshold({ expected: pool, oddsRatio: 2, arl0: 1000, seed: 2, replicates: 2000 });
    expect(other.threshold).not.toBe(chosen.threshold);
    expect(Math.abs(other.threshold - chosen.threshold)).toBeLessThan(0.25);
    expect(chosen).toMatchObject({ arl0: 1000, replicates: 2000, seed: 1, maxRunLength: 50000, censored: 0 });
  });

  it('reaches arl0 on its own simulated paths, which inControlRunLengths reproduces with the same seed', () => {
    expect(chosen.achievedArl).toBeGreaterThanOrEqual(1000);
    expect(chosen.achievedArl).toBeLessThan(1010);
    const same = inControlRunLengths({ expected: pool, oddsRatio: 2, threshold: chosen.threshold, seed: 1, replicates: 2000, maxRunLength: 50000 });
    expect(mean(same)).toBeCloseTo(chosen.achievedArl, 9);
  });

  it('gives an in-control ARL within a few % of arl0 on a fresh independent simulation', () => {
    const fresh = inControlRunLengths({ expected: pool, oddsRatio: 2, threshold: chosen.threshold, seed: 12345, replicates: 4000, maxRunLength: 50000 });
    // The error of h's own simulation (≈ SD/√2000) and of this one, both with SD ≈ ARL.
    const se = Math.sqrt(standardError(fresh) ** 2 + (1000 / Math.sqrt(2000)) ** 2);
    expect(Math.abs(mean(fresh) - 1000)).toBeLessThan(3 * se);
    expect(Math.abs(mean(fresh) / 1000 - 1)).toBeLessThan(0.1);
  });

  it('agrees with the R simulation of the ARL at h = 3.5 within 3 Monte Carlo SEs', () => {
    const { threshold, odds_ratio: oddsRatio, runs } = reference.arl;
    const rl = inControlRunLengths({ expected: pool, oddsRatio, threshold, seed: 2026, replicates: runs });
    const se = Math.sqrt(standardError(rl) ** 2 + reference.arl.se ** 2);
    expect(rl.every((x) => x < 1_000_000)).toBe(true);
    expect(Math.abs(mean(rl) - reference.arl.arl)).toBeLessThan(3 * se);
    // and with R's Markov chain approximation (Brook & Evans), within the TS Monte Carlo error
    expect(Math.abs(mean(rl) - reference.arl.markov_arl)).toBeLessThan(3 * standardError(rl) + 0.01 * reference.arl.markov_arl);
  });

  it('finds h for R_A < 1 (improvement) too', () => {
    const r = cusumThreshold({ expected: pool, oddsRatio: 0.5, arl0: 500, seed: 3, replicates: 1000 });
    expect(r.threshold).toBeGreaterThan(0);
    expect(r.achievedArl).toBeGreaterThanOrEqual(500);
    expect(mean(inControlRunLengths({ expected: pool, oddsRatio: 0.5, threshold: r.threshold, seed: 3, replicates: 1000, maxRunLength: r.maxRunLength }))).toBeCloseTo(r.achievedArl, 9);
  });

  it('counts censored runs as maxRunLength, which can only raise h', () => {
    const capped = cusumThreshold({ expected: pool, oddsRatio: 2, arl0: 1000, seed: 1, replicates: 2000, maxRunLength: 1200 });
    expect(capped.censored).toBeGreaterThan(0);
    expect(capped.achievedArl).toBeGreaterThanOrEqual(1000);
    expect(capped.threshold).toBeGreaterThan(chosen.threshold);
  });

  it('detects a planted drift to odds ratio 2 after person 500 in most sequences', () => {
    const change = 500;
    let after = 0;
    let falseAlarms = 0;
    const delays: number[] = [];
    for (let k = 0; k < 200; k++) {
      const rand = randu.factory({ seed: new Uint32Array([99, k + 1]) });
      const expected: number[] = [];
      const outcome: (0 | 1)[] = [];
      for (let t = 0; t < change + 3000; t++) {
        const p = pool[Math.floor(rand() * pool.length)]!;
        const q = t >= change ? (2 * p) / (1 + p) : p;
        expected.push(p);
        outcome.push(rand() < q ? 1 : 0);
      }
      const first = riskAdjustedCusum({ outcome, expected, oddsRatio: 2, threshold: chosen.threshold }).signals[0];
      if (first === undefined) continue;
      if (first < change) falseAlarms++;
      else {
        after++;
        delays.push(first - change + 1);
      }
    }
    // P(false alarm within 500) ≈ 0.37 in control; every chart that survives to the drift signals.
    expect(after).toBeGreaterThan(100);
    expect(after + falseAlarms).toBe(200);
    expect(mean(delays)).toBeLessThan(100);
  });

  it('refuses bad input', () => {
    const ok = { expected: pool, arl0: 100, replicates: 10 };
    expect(() => cusumThreshold({ ...ok, arl0: 1 })).toThrow(RangeError);
    expect(() => cusumThreshold({ ...ok, arl0: NaN })).toThrow(RangeError);
    expect(() => cusumThreshold({ ...ok, maxRunLength: 100 })).toThrow(RangeError);
    expect(() => cusumThreshold({ ...ok, seed: 0 })).toThrow(RangeError);
    expect(() => cusumThreshold({ ...ok, replicates: 0 })).toThrow(RangeError);
    expect(() => cusumThreshold({ ...ok, oddsRatio: 1 })).toThrow(RangeError);
    expect(() => cusumThreshold({ ...ok, expected: [0.2, 1] })).toThrow(RangeError);
    expect(() => cusumThreshold({ ...ok, expected: [] })).toThrow(DegenerateData);
    expect(() => inControlRunLengths({ expected: pool, threshold: 0 })).toThrow(RangeError);
  });
});
