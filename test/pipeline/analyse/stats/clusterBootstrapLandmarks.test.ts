/**
 * clusterBootstrapLandmarks: the point estimate and Greenwood interval at landmarks equal
 * kaplanMeier's rows (itself tested against survfit) on test/reference/reconviction_survival.json,
 * and R's summary(survfit(...), times =, extend = TRUE) on the doc example; the landmark-only
 * weighted pass equals kaplanMeier on the data it stands for; the bootstrap is seeded, matches
 * Greenwood's width without clustering and is wider with a shared cluster frailty. Its coverage
 * is checked by test/recovery/landmarkCoverage.ts, not here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRandomSource } from '../../../../fixtures/generator/random.ts';
import { clusterBootstrapLandmarks, landmarkPass, prepareLandmarkPass } from '../../../../pipeline/analyse/stats/clusterBootstrapLandmarks.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { kaplanMeier } from '../../../../pipeline/analyse/stats/kaplanMeier.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_survival.json', import.meta.url), 'utf8'));
const data = ref.data as { time: number[]; event: number[]; cluster: (string | number | null)[] };
const last = Math.max(...data.time);
const LANDMARKS = [-1, 0, 29.5, 30, 45, 180, 365, last, 730, last + 100];

/** Landmark S, limits and n at risk read off kaplanMeier's rows. */
function expectedFromKaplanMeier(time: number[], event: number[], landmarks: number[]) {
  const km = kaplanMeier(time, event);
  return landmarks.map((t) => {
    const row = km.rows.filter((r) => r.time <= t).at(-1);
    return {
      surv: row ? row.survival : 1,
      ci_low: row ? row.lower : 1,
      ci_high: row ? row.upper : 1,
      n_risk: time.filter((x) => x >= t).length,
    };
  });
}

/** Exponential times (rate × cluster frailty) censored uniformly on (0, 1100), in whole days. */
function simulate(seed: number, clusters: number, size: number, frailtyVariance: number, rate = 1 / 800) {
  const rng = createRandomSource(seed, 'reoffending');
  const time: number[] = [];
  const event: number[] = [];
  const cluster: number[] = [];
  for (let j = 0; j < clusters; j++) {
    const z = frailtyVariance > 0 ? rng.gamma(1 / frailtyVariance, 1 / frailtyVariance) : 1;
    for (let k = 0; k < size; k++) {
      const t = Math.ceil(rng.exponential(rate * z));
      const c = Math.ceil(rng.uniform(0, 1100));
      time.push(Math.min(t, c));
      event.push(t <= c ? 1 : 0);
      cluster.push(j);
    }
  }
  return { time, event, cluster };
}

describe('clusterBootstrapLandmarks', () => {
  it('gives kaplanMeier’s S and Greenwood limits at the last time ≤ each landmark (reference data)', () => {
    const r = clusterBootstrapLandmarks({ ...data, landmarks: LANDMARKS, replicates: 0 });
    const expected = expectedFromKaplanMeier(data.time, data.event, LANDMARKS);
    r.rows.forEach((row, k) => {
      expect(row.time).toBe(LANDMARKS[k]);
      expect(row).toMatchObject(expected[k]!);
      expect(row.boot_ci_low).toBeNull();
    });
    expect(r.rows[0]).toMatchObject({ surv: 1, ci_low: 1, ci_high: 1, n_risk: 480 });
    expect(r.rows.at(-1)).toMatchObject({ surv: expected.at(-1)!.surv, n_risk: 0 });
  });

  it('matches R’s summary(survfit(Surv(time, event) ~ 1), times = c(10, 100, 365, 1000), extend = TRUE) on the doc example', () => {
    // R 4 / survival 3.5.3: $surv, $lower, $upper, $n.risk
    const R = {
      surv: [1, 0.740740740740741, 0.396825396825397, 0.198412698412698],
      lower: [1, 0.5258658234426661, 0.1764317249930165, 0.0398377423260375],
      upper: [1, 1, 0.892528798728611, 0.988198542207001],
      n_risk: [12, 8, 3, 0],
    };
    const r = clusterBootstrapLandmarks({
      time: [30, 60, 60, 90, 120, 150, 200, 240, 300, 365, 400, 500],
      event: [1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0],
      cluster: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd', 'e', null, 'f', 'f'],
      landmarks: [10, 100, 365, 1000],
      replicates: 999,
      seed: 1,
    });
    expect(r.clusters).toBe(7);
    r.rows.forEach((row, k) => {
      expectCloseToR(row.surv, R.surv[k], `surv ${k}`);
      expectCloseToR(row.ci_low, R.lower[k], `lower ${k}`);
      expectCloseToR(row.ci_high, R.upper[k], `upper ${k}`);
      expect(row.n_risk).toBe(R.n_risk[k]);
    });
    // the doc comment's bootstrap limits (seed 1)
    expect(r.rows[0]).toMatchObject({ boot_ci_low: 1, boot_ci_high: 1 });
    expect(r.rows[1]!.boot_ci_low).toBeCloseTo(0.3845, 4);
    expect(r.rows[1]!.boot_ci_high).toBe(1);
    expect(r.rows[2]!.boot_ci_low).toBe(0);
    expect(r.rows[2]!.boot_ci_high).toBeCloseTo(0.7407, 4);
  });

  it('the weighted landmark pass equals kaplanMeier on the unresampled and on rebuilt data', () => {
    const ids = [...new Set(data.cluster)];
    const clusterOf = data.cluster.map((c) => ids.indexOf(c));
    const prepared = prepareLandmarkPass(data.time, data.event, clusterOf, ids.length, LANDMARKS);
    const out = new Float64Array(LANDMARKS.length);

    landmarkPass(prepared, new Float64Array(ids.length).fill(1), out);
    expect(Array.from(out)).toEqual(expectedFromKaplanMeier(data.time, data.event, LANDMARKS).map((e) => e.surv));

    const multiplicity = ids.map((_, j) => (j * 7) % 4); // 0, 3, 2, 1, 0, …
    const time: number[] = [];
    const event: number[] = [];
    for (let j = 0; j < ids.length; j++)
      for (let copy = 0; copy < multiplicity[j]!; copy++)
        data.time.forEach((t, i) => {
          if (clusterOf[i] === j) {
            time.push(t);
            event.push(data.event[i]!);
          }
        });
    landmarkPass(prepared, multiplicity, out);
    expect(Array.from(out)).toEqual(expectedFromKaplanMeier(time, event, LANDMARKS).map((e) => e.surv));
  });

  it('is deterministic for a seed and differs for another', () => {
    const input = { ...data, landmarks: [180, 365], replicates: 199 };
    const a = clusterBootstrapLandmarks({ ...input, seed: 11 });
    expect(clusterBootstrapLandmarks({ ...input, seed: 11 })).toEqual(a);
    const b = clusterBootstrapLandmarks({ ...input, seed: 12 });
    expect(b.rows.map((r) => r.surv)).toEqual(a.rows.map((r) => r.surv));
    expect(b.rows.map((r) => [r.boot_ci_low, r.boot_ci_high])).not.toEqual(a.rows.map((r) => [r.boot_ci_low, r.boot_ci_high]));
    expect(a).toMatchObject({ replicates: 199, seed: 11, clusters: 48 });
  });

  it('everyone their own cluster, no clustering: bootstrap width close to Greenwood’s (n = 2000)', () => {
    const sim = simulate(2024, 2000, 1, 0);
    const r = clusterBootstrapLandmarks({ ...sim, cluster: sim.cluster.map(() => null), landmarks: [365, 730] });
    expect(r.clusters).toBe(2000);
    for (const row of r.rows) {
      const ratio = (row.boot_ci_high! - row.boot_ci_low!) / (row.ci_high! - row.ci_low!);
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.2);
    }
  });

  it('strong shared cluster frailty (40 clusters of 50, gamma variance 1): bootstrap clearly wider than Greenwood', () => {
    const sim = simulate(7, 40, 50, 1);
    const r = clusterBootstrapLandmarks({ ...sim, landmarks: [365, 730] });
    expect(r.clusters).toBe(40);
    for (const row of r.rows) {
      const ratio = (row.boot_ci_high! - row.boot_ci_low!) / (row.ci_high! - row.ci_low!);
      expect(ratio).toBeGreaterThan(2);
      expect(row.boot_ci_low!).toBeLessThan(row.surv);
      expect(row.boot_ci_high!).toBeGreaterThan(row.surv);
    }
  });

  it('one cluster or no replicates: bootstrap limits null; no events: S = 1 with limits 1', () => {
    const one = clusterBootstrapLandmarks({ time: [1, 2, 3], event: [1, 0, 1], cluster: ['g', 'g', 'g'], landmarks: [2] });
    expect(one).toMatchObject({ clusters: 1, rows: [{ surv: 2 / 3, boot_ci_low: null, boot_ci_high: null, n_risk: 2 }] });
    const none = clusterBootstrapLandmarks({ time: [1, 2, 3], event: [0, 0, 0], cluster: [1, 2, 3], landmarks: [2, 9], replicates: 50 });
    expect(none.rows).toEqual([
      { time: 2, surv: 1, ci_low: 1, ci_high: 1, boot_ci_low: 1, boot_ci_high: 1, n_risk: 2 },
      { time: 9, surv: 1, ci_low: 1, ci_high: 1, boot_ci_low: 1, boot_ci_high: 1, n_risk: 0 },
    ]);
  });

  it('where S reaches 0 the Greenwood limits are null (R: NA) and the bootstrap still runs', () => {
    const r = clusterBootstrapLandmarks({ time: [1, 2, 2, 3, 4, 5], event: [1, 1, 0, 1, 0, 1], cluster: [1, 1, 2, 2, 3, 3], landmarks: [5], replicates: 99 });
    expect(r.rows[0]).toMatchObject({ surv: 0, ci_low: null, ci_high: null, n_risk: 1 });
    expect(r.rows[0]!.boot_ci_low).toBe(0);
  });

  it('throws DegenerateData for no one and RangeError for bad arguments', () => {
    expect(() => clusterBootstrapLandmarks({ time: [], event: [], cluster: [], landmarks: [1] })).toThrow(DegenerateData);
    expect(() => clusterBootstrapLandmarks({ time: [1, Number.NaN], event: [1, 0], cluster: [1, 2], landmarks: [1] })).toThrow(DegenerateData);
    const ok = { time: [1, 2], event: [1, 0], cluster: [1, 2], landmarks: [1] };
    expect(() => clusterBootstrapLandmarks({ ...ok, event: [1] })).toThrow(RangeError);
    expect(() => clusterBootstrapLandmarks({ ...ok, cluster: [1] })).toThrow(RangeError);
    expect(() => clusterBootstrapLandmarks({ ...ok, event: [2, 0] })).toThrow(RangeError);
    expect(() => clusterBootstrapLandmarks({ ...ok, seed: 0 })).toThrow(RangeError);
    expect(() => clusterBootstrapLandmarks({ ...ok, replicates: 1.5 })).toThrow(RangeError);
    expect(() => clusterBootstrapLandmarks({ ...ok, confLevel: 1 })).toThrow(RangeError);
    expect(() => clusterBootstrapLandmarks({ ...ok, landmarks: [Number.NaN] })).toThrow(RangeError);
  });
});
