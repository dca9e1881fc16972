/**
 * powerProportions against R's power.prop.test (two-sided, strict = FALSE) from
 * test/reference/power.json: power from n, p1, p2; n from p1, p2, power; the detectable p2
 * from n, p1, power — the solutions with uniroot tol = 1e-12.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { powerProportions, proportionsDetectable, proportionsPower, proportionsSampleSize } from '../../../../pipeline/analyse/stats/powerProportions.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/power.json', import.meta.url), 'utf8'));
type Columns = Record<string, number[]>;
const rows = (c: Columns): Record<string, number>[] => c[Object.keys(c)[0]!]!.map((_, i) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v[i]!])));

describe('powerProportions matches R power.prop.test', () => {
  it('power from n, p1, p2', () => {
    const cases = rows(ref.prop_power);
    expect(cases.length).toBe(54);
    for (const c of cases) {
      expectCloseToR(proportionsPower(c.n!, c.p1!, c.p2!, c.sig), c.power, `power n=${c.n} ${c.p1} vs ${c.p2} α=${c.sig}`);
    }
  });
  it('n per group from p1, p2, power', () => {
    for (const c of rows(ref.prop_n)) {
      expectCloseToR(proportionsSampleSize(c.p1!, c.p2!, c.power!, c.sig), c.n, `n ${c.p1} vs ${c.p2} power ${c.power} α=${c.sig}`);
    }
  });
  it('detectable p2 (> p1) from n, p1, power', () => {
    for (const c of rows(ref.prop_p2)) {
      const p2 = proportionsDetectable(c.n!, c.p1!, c.power!, c.sig);
      expect(p2).toBeGreaterThan(c.p1!);
      expectCloseToR(p2, c.p2, `p2 n=${c.n} p1=${c.p1} power ${c.power} α=${c.sig}`);
    }
  });
  it('powerProportions solves for whichever is missing', () => {
    const c = rows(ref.prop_p2)[0]!;
    const r = powerProportions({ n: c.n!, p1: c.p1!, power: c.power! });
    expectCloseToR(r.p2, c.p2, 'p2');
    expect(r).toMatchObject({ n: c.n, p1: c.p1, power: c.power, sigLevel: 0.05 });
    const m = rows(ref.prop_n)[0]!;
    expectCloseToR(powerProportions({ p1: m.p1!, p2: m.p2!, power: m.power! }).n, m.n, 'n');
    const w = rows(ref.prop_power).find((x) => x.sig === 0.01)!;
    expectCloseToR(powerProportions({ n: w.n!, p1: w.p1!, p2: w.p2!, sigLevel: 0.01 }).power, w.power, 'power');
    expect(() => powerProportions({ p1: 0.3, p2: 0.4 })).toThrow(RangeError);
    expect(() => powerProportions({ n: 10, p1: 0.3, p2: 0.4, power: 0.8 })).toThrow(RangeError);
  });

  describe('edge cases', () => {
    it('no p2 up to 100% reaches the power: DegenerateData (R warns and returns p2 > 1)', () => {
      const u = ref.prop_unreachable;
      expect(u.p2).toBeGreaterThan(1);
      expect(() => proportionsDetectable(u.n, u.p1, u.power)).toThrow(DegenerateData);
      expect(() => proportionsDetectable(100, 1, 0.8)).toThrow(DegenerateData);
    });
    it('invalid input throws RangeError', () => {
      expect(() => proportionsSampleSize(0.3, 0.3, 0.8)).toThrow(RangeError);
      expect(() => proportionsSampleSize(0.3, 1.2, 0.8)).toThrow(RangeError);
      expect(() => proportionsSampleSize(0.3, 0.4, 1)).toThrow(RangeError);
      expect(() => proportionsSampleSize(0.3, 0.4, 0.02)).toThrow(RangeError); // below α/2
      expect(() => proportionsPower(0, 0.3, 0.4)).toThrow(RangeError);
      expect(() => proportionsPower(50, 0, 0)).toThrow(RangeError);
      expect(() => proportionsPower(50, 0.3, 0.4, 0)).toThrow(RangeError);
      expect(() => proportionsDetectable(50, -0.1, 0.8)).toThrow(RangeError);
    });
  });
});
