/**
 * powerTTest against R's power.t.test(type = "two.sample", alternative = "two.sided",
 * strict = FALSE) from test/reference/power.json: power from n, delta, sd; n from delta,
 * power (including one below n = 2, where R's uniroot extends its interval); delta from n,
 * power — the solutions with uniroot tol = 1e-12.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { powerTTest, tTestDetectable, tTestPower, tTestSampleSize } from '../../../../pipeline/analyse/stats/powerTTest.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/power.json', import.meta.url), 'utf8'));
type Columns = Record<string, number[]>;
const rows = (c: Columns): Record<string, number>[] => c[Object.keys(c)[0]!]!.map((_, i) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v[i]!])));

describe('powerTTest matches R power.t.test', () => {
  it('power from n, delta, sd', () => {
    const cases = rows(ref.t_power);
    expect(cases.length).toBe(80);
    for (const c of cases) expectCloseToR(tTestPower(c.n!, c.delta!, c.sd, c.sig), c.power, `power n=${c.n} δ=${c.delta} sd=${c.sd} α=${c.sig}`);
  });
  it('n per group from delta, power (one root below 2)', () => {
    const cases = rows(ref.t_n);
    expect(cases.some((c) => c.n! < 2)).toBe(true);
    for (const c of cases) expectCloseToR(tTestSampleSize(c.delta!, c.power!, c.sd, c.sig), c.n, `n δ=${c.delta} sd=${c.sd} power ${c.power} α=${c.sig}`);
  });
  it('minimum detectable difference from n, power', () => {
    for (const c of rows(ref.t_delta)) expectCloseToR(tTestDetectable(c.n!, c.power!, c.sd, c.sig), c.delta, `δ n=${c.n} sd=${c.sd} power ${c.power} α=${c.sig}`);
  });
  it('powerTTest solves for whichever is missing', () => {
    const d = rows(ref.t_delta)[1]!;
    const r = powerTTest({ n: d.n!, sd: d.sd!, power: d.power! });
    expectCloseToR(r.delta, d.delta, 'delta');
    expect(r).toMatchObject({ n: d.n, sd: d.sd, power: d.power, sigLevel: 0.05 });
    const m = rows(ref.t_n).find((c) => c.delta! < 0)!;
    const rn = powerTTest({ delta: m.delta!, sd: m.sd!, power: m.power!, sigLevel: m.sig! });
    expectCloseToR(rn.n, m.n, 'n (negative delta, two-sided)');
    expect(rn.delta).toBe(Math.abs(m.delta!));
    const p = rows(ref.t_power)[7]!;
    expectCloseToR(powerTTest({ n: p.n!, delta: p.delta!, sd: p.sd!, sigLevel: p.sig! }).power, p.power, 'power');
    expect(() => powerTTest({ n: 10 })).toThrow(RangeError);
    expect(() => powerTTest({ n: 10, delta: 1, power: 0.8 })).toThrow(RangeError);
  });

  it('invalid input throws RangeError', () => {
    expect(() => tTestPower(1, 1)).toThrow(RangeError);
    expect(() => tTestPower(10, 1, 0)).toThrow(RangeError);
    expect(() => tTestPower(10, Number.NaN)).toThrow(RangeError);
    expect(() => tTestSampleSize(0, 0.8)).toThrow(RangeError);
    expect(() => tTestSampleSize(1, 1)).toThrow(RangeError);
    expect(() => tTestSampleSize(1, 0.02)).toThrow(RangeError); // below α/2
    expect(() => tTestDetectable(10, 0.8, 1, 1)).toThrow(RangeError);
  });
});
