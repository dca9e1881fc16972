/**
 * Schoenfeld's events formula and its inverses against the formulas written out in R
 * (qnorm / pnorm; test/reference/power.R), with unequal allocation and α = 0.01 / 0.1.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schoenfeldDetectableHazardRatio, schoenfeldEvents, schoenfeldPower } from '../../../../pipeline/analyse/stats/schoenfeldEvents.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/power.json', import.meta.url), 'utf8'));
type Columns = Record<string, number[]>;
const rows = (c: Columns): Record<string, number>[] => c[Object.keys(c)[0]!]!.map((_, i) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v[i]!])));

describe('Schoenfeld events', () => {
  it('events from HR, power, α, allocation', () => {
    for (const c of rows(ref.schoenfeld_events)) expectCloseToR(schoenfeldEvents(c.hr!, c.power!, c.sig, c.pi), c.events, `events HR=${c.hr} power ${c.power} α=${c.sig} π=${c.pi}`);
  });
  it('minimum detectable HR (> 1) from events', () => {
    for (const c of rows(ref.schoenfeld_hr)) {
      const hr = schoenfeldDetectableHazardRatio(c.events!, c.power!, c.sig, c.pi);
      expect(hr).toBeGreaterThan(1);
      expectCloseToR(hr, c.hr, `HR D=${c.events} power ${c.power} α=${c.sig} π=${c.pi}`);
    }
  });
  it('power from events and HR', () => {
    for (const c of rows(ref.schoenfeld_power)) expectCloseToR(schoenfeldPower(c.events!, c.hr!, c.sig, c.pi), c.power, `power D=${c.events} HR=${c.hr} α=${c.sig} π=${c.pi}`);
  });
  it('an HR and its reciprocal need the same events', () => {
    expect(schoenfeldEvents(0.7, 0.8)).toBeCloseTo(schoenfeldEvents(1 / 0.7, 0.8), 10);
  });
  it('invalid input throws RangeError', () => {
    expect(() => schoenfeldEvents(1, 0.8)).toThrow(RangeError);
    expect(() => schoenfeldEvents(0, 0.8)).toThrow(RangeError);
    expect(() => schoenfeldEvents(0.7, 1)).toThrow(RangeError);
    expect(() => schoenfeldEvents(0.7, 0.8, 0.05, 1)).toThrow(RangeError);
    expect(() => schoenfeldDetectableHazardRatio(0, 0.8)).toThrow(RangeError);
    expect(() => schoenfeldPower(100, -1)).toThrow(RangeError);
    expect(() => schoenfeldPower(100, 0.7, 0.05, 0)).toThrow(RangeError);
  });
});
