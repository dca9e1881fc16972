import { describe, expect, it } from 'vitest';
import { discloseResults } from '../../../reports/disclosure/discloseResults.ts';
import { resultsSchema } from '../../../schemas/results.ts';
import { disclosureFailures } from './support/disclosureAudit.ts';
import { randomResults } from './support/randomResults.ts';

// 60 seeds per threshold: each is audited with an LP per withheld cell (about half a second a seed).
const SEEDS = Array.from({ length: 60 }, (_, i) => 1000 + i);

describe('discloseResults over 60 random results full of small cells (seeded)', () => {
  it('the audit is not vacuous: it finds small cells in the results before disclosure control', () => {
    for (const seed of SEEDS.slice(0, 20)) expect(disclosureFailures(randomResults(seed), randomResults(seed), 10).length, `seed ${seed}`).toBeGreaterThan(0);
  });

  it.each([5, 10])('with min_cell %i nothing small is shown, implied or solvable, the output parses and the input is untouched', async (minCell) => {
    let suppressedValues = 0;
    for (const seed of SEEDS) {
      const results = randomResults(seed);
      const before = JSON.stringify(results);
      const { results: out } = await discloseResults(results, { minCell });
      expect(JSON.stringify(results), `seed ${seed}: input mutated`).toBe(before);
      expect(resultsSchema.safeParse(out).success, `seed ${seed}: schema`).toBe(true);
      expect(disclosureFailures(results, out, minCell), `seed ${seed}`).toEqual([]);
      const total = Object.values(out.disclosure.suppressed_by_section).reduce((s, n) => s + n, 0);
      if (total > 0) expect(out.disclosure.notes.length, `seed ${seed}: notes`).toBeGreaterThan(0);
      suppressedValues += total;
    }
    expect(suppressedValues).toBeGreaterThan(SEEDS.length);
  });

  it('every null it introduces is named in its record’s suppressed list, and every name is a null', async () => {
    for (const seed of SEEDS.slice(0, 20)) {
      const { results: out } = await discloseResults(randomResults(seed), { minCell: 10 });
      const records = [out.flow, ...Object.values(out.attitudes), ...Object.values(out.reconviction), out.monitoring.quarterly, out.monitoring.regions].flat() as { suppressed?: string[] }[];
      for (const r of records) {
        for (const path of r.suppressed ?? []) {
          const v = path.split('.').reduce<unknown>((here, seg) => (Array.isArray(here) ? here.find((e) => String(e.window_months ?? e.covariate) === seg) : (here as Record<string, unknown>)?.[seg]), r);
          expect(v, `seed ${seed}: ${path}`).toBeNull();
        }
      }
    }
  });
});
