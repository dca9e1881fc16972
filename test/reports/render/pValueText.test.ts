/** How a p-value reads in the report (reports/render/pValueText.ts). */
import { describe, expect, it } from 'vitest';
import { pValueText, withP } from '../../../reports/render/pValueText.ts';

describe('pValueText', () => {
  it('rounds as its doc comment shows', () => {
    expect(pValueText(0.0321)).toBe('0.03');
    expect(pValueText(0.0462)).toBe('0.046');
    expect(pValueText(0.00417)).toBe('0.004');
    expect(pValueText(0.0004)).toBe('< 0.001');
    expect(withP(0.0004)).toBe('p < 0.001');
    expect(withP(0.2468)).toBe('p = 0.25');
  });

  it('never rounds a p under 0.05 to read 0.05, nor one under 0.001 to read 0.000', () => {
    for (const p of [0.0449, 0.045, 0.0494]) expect(Number(pValueText(p))).toBeLessThan(0.05);
    for (const p of [0.0495, 0.0499, 0.04999]) expect(pValueText(p)).toBe('< 0.05');
    expect(pValueText(0.05)).toBe('0.05');
    expect(pValueText(0.001)).toBe('0.001');
    expect(pValueText(1e-12)).toBe('< 0.001');
  });

  it('writes no more than 3 decimals, and says "> 0.99" rather than "1.00"', () => {
    expect(pValueText(0.996)).toBe('> 0.99');
    expect(pValueText(1)).toBe('> 0.99');
    expect(pValueText(0.99)).toBe('0.99');
    for (let p = 0.0001; p < 1; p += 0.0137) expect(pValueText(p)).toMatch(/^(< 0\.001|< 0\.05|> 0\.99|0\.\d{2,3})$/);
  });

  it('names another statistic in a sentence when asked', () => {
    expect(withP(0.012, 'Holm-adjusted p')).toBe('Holm-adjusted p = 0.01');
  });
});
