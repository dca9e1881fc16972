import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import randu from '@stdlib/random-base-randu';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { riskAdjustedCusum } from '../../../../pipeline/analyse/stats/riskAdjustedCusum.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface CusumCase { odds_ratio: number; threshold: number; restart: boolean; weights: number[]; path: number[]; signals: number[] }
const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../reference/risk_adjusted_cusum.json'), 'utf8')) as {
  expected: number[];
  outcome: (0 | 1)[];
  cases: CusumCase[];
};

/** Seeded risks and outcomes (in control) for the property checks. */
function seeded(seed: number, n: number): { expected: number[]; outcome: (0 | 1)[] } {
  const rand = randu.factory({ seed });
  const expected = Array.from({ length: n }, () => 0.02 + 0.9 * rand());
  const outcome = expected.map((p) => (rand() < p ? 1 : 0) as 0 | 1);
  return { expected, outcome };
}

describe('riskAdjustedCusum (Steiner, Cook, Farewell & Treasure 2000)', () => {
  it('equals the R reference (written out from the paper): R_A = 2 and 0.5, with and without restart', () => {
    expect(reference.cases).toHaveLength(4);
    for (const c of reference.cases) {
      const label = `R_A ${c.odds_ratio}, restart ${c.restart}`;
      const r = riskAdjustedCusum({ outcome: reference.outcome, expected: reference.expected, oddsRatio: c.odds_ratio, threshold: c.threshold, restart: c.restart });
      expect(r.path).toHaveLength(reference.outcome.length);
      r.weights.forEach((w, t) => expectCloseToR(w, c.weights[t], `${label} W[${t}]`, 1e-9));
      r.path.forEach((s, t) => expectCloseToR(s, c.path[t], `${label} S[${t}]`, 1e-9));
      expect(r.signals, label).toEqual(c.signals);
      expect(r.signals.length, label).toBeGreaterThan(0);
    }
  });

  it('takes boolean outcomes, and R_A defaults to 2 and restart to true', () => {
    const c = reference.cases.find((x) => x.odds_ratio === 2 && x.restart)!;
    const r = riskAdjustedCusum({ outcome: reference.outcome.map((y) => y === 1), expected: reference.expected, threshold: c.threshold });
    expect(r.signals).toEqual(c.signals);
    r.path.forEach((s, t) => expectCloseToR(s, c.path[t], `S[${t}]`, 1e-9));
  });

  it('reproduces the doc example', () => {
    const c = riskAdjustedCusum({ outcome: [1, 1, 0, 1, 1], expected: [0.2, 0.3, 0.5, 0.1, 0.4], threshold: 1.5 });
    const w = [Math.log(2 / 1.2), Math.log(2 / 1.3), -Math.log(1.5), Math.log(2 / 1.1), Math.log(2 / 1.4)];
    c.weights.forEach((x, t) => expect(x).toBeCloseTo(w[t]!, 14));
    expect(c.path[4]).toBeCloseTo(1.4906553764446335, 14);
    expect(c.signals).toEqual([]);
    expect(riskAdjustedCusum({ outcome: [1, 1, 0, 1, 1], expected: [0.2, 0.3, 0.5, 0.1, 0.4], threshold: 1.4 }).signals).toEqual([4]);
  });

  it('never goes below 0, follows S_t = max(0, S_{t−1} + W_t), and signals exactly where S_t ≥ h', () => {
    for (const seed of [1, 2, 3]) {
      const { expected, outcome } = seeded(seed, 2000);
      for (const oddsRatio of [2, 0.5, 1.3]) {
        for (const restart of [true, false]) {
          const h = 2;
          const r = riskAdjustedCusum({ outcome, expected, oddsRatio, threshold: h, restart });
          let prev = 0;
          r.path.forEach((s, t) => {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBe(Math.max(0, prev + r.weights[t]!));
            prev = restart && s >= h ? 0 : s;
          });
          expect(r.signals).toEqual(r.path.flatMap((s, t) => (s >= h ? [t] : [])));
        }
      }
    }
  });

  it('restart: starts from 0 after a signal, stays at or below the unrestarted chart and signals first at the same person', () => {
    const { expected, outcome } = seeded(7, 3000);
    const on = riskAdjustedCusum({ outcome, expected, oddsRatio: 2, threshold: 1.5, restart: true });
    const off = riskAdjustedCusum({ outcome, expected, oddsRatio: 2, threshold: 1.5, restart: false });
    expect(on.signals.length).toBeGreaterThan(2);
    expect(on.signals[0]).toBe(off.signals[0]);
    on.path.forEach((s, t) => expect(s).toBeLessThanOrEqual(off.path[t]! + 1e-12));
    for (const t of on.signals) if (t + 1 < on.path.length) expect(on.path[t + 1]).toBe(Math.max(0, on.weights[t + 1]!));
    for (const t of on.signals) expect(off.signals).toContain(t);
    // Without restart, a signal lasts while the sum stays above h.
    expect(off.signals.length).toBeGreaterThan(on.signals.length);
  });

  it('R_A < 1 climbs on better-than-expected outcomes and R_A > 1 on worse', () => {
    const expected = Array(20).fill(0.6) as number[];
    const none = riskAdjustedCusum({ outcome: Array(20).fill(0) as 0[], expected, oddsRatio: 0.5, threshold: 3 });
    expect(none.weights[0]).toBeCloseTo(-Math.log(0.7), 14);
    expect(none.signals[0]).toBe(Math.ceil(3 / -Math.log(0.7)) - 1);
    expect(riskAdjustedCusum({ outcome: Array(20).fill(0) as 0[], expected, oddsRatio: 2, threshold: 3 }).path.every((s) => s === 0)).toBe(true);
    const all = riskAdjustedCusum({ outcome: Array(20).fill(1) as 1[], expected, oddsRatio: 2, threshold: 3 });
    expect(all.weights[0]).toBeCloseTo(Math.log(2 / 1.6), 14);
    expect(riskAdjustedCusum({ outcome: Array(20).fill(1) as 1[], expected, oddsRatio: 0.5, threshold: 3 }).signals).toEqual([]);
  });

  it('refuses bad input', () => {
    const ok = { outcome: [0, 1] as (0 | 1)[], expected: [0.2, 0.3], threshold: 2 };
    expect(() => riskAdjustedCusum({ ...ok, expected: [0.2] })).toThrow(RangeError);
    expect(() => riskAdjustedCusum({ ...ok, expected: [0.2, 0] })).toThrow(RangeError);
    expect(() => riskAdjustedCusum({ ...ok, expected: [1, 0.3] })).toThrow(RangeError);
    expect(() => riskAdjustedCusum({ ...ok, expected: [0.2, NaN] })).toThrow(DegenerateData);
    expect(() => riskAdjustedCusum({ ...ok, outcome: [0, 2 as 1] })).toThrow(RangeError);
    for (const oddsRatio of [1, 0, -2, Infinity, NaN]) expect(() => riskAdjustedCusum({ ...ok, oddsRatio })).toThrow(RangeError);
    for (const threshold of [0, -1, Infinity, NaN]) expect(() => riskAdjustedCusum({ ...ok, threshold })).toThrow(RangeError);
    expect(() => riskAdjustedCusum({ outcome: [], expected: [], threshold: 2 })).toThrow(DegenerateData);
  });
});
