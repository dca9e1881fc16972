import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan, PlanInvalid } from '../../../pipeline/analyse/readPlan.ts';

describe('plans', () => {
  it('reads the example plan with its defaults filled in', () => {
    const plan = parsePlan(readFileSync(join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml'), 'utf8'));
    expect(plan.comparisons.map((c) => c.id)).toEqual(['programme', 'band', 'programme_vs_none']);
    expect(plan.windows).toEqual([12, 24]);
    expect(plan.disclosure.min_cell).toBe(10);
  });

  it('fills defaults for a minimal plan', () => {
    const plan = parsePlan('comparisons:\n  - { id: band, by: facilitator_band, treatment: band_3, reference: band_4 }\n');
    expect(plan).toMatchObject({ covariates: [], windows: [12, 24], seed: 1, disclosure: { min_cell: 10 } });
  });

  it('names the line and column of a mistake', () => {
    const text = 'title: x\ncomparisons:\n  - id: band\n    by: facilitator_grade\n    treatment: band_3\n    reference: band_4\n';
    const err = (() => {
      try {
        parsePlan(text, 'my-plan.yaml');
      } catch (e) {
        return e as PlanInvalid;
      }
    })();
    expect(err).toBeInstanceOf(PlanInvalid);
    expect(err!.problems[0]).toMatch(/^my-plan\.yaml:4:9: comparisons\[0\]\.by: by must be one of: arm, programme_family/);
  });

  it('refuses unknown keys, repeated ids and equal levels', () => {
    expect(() => parsePlan('comparisons: []\n')).toThrow(/at least one comparison/);
    // Unknown keys anywhere, not only at the top: inside a comparison, and in disclosure (min_cel: 3 would otherwise be ignored).
    expect(() => parsePlan('comparisons:\n  - { id: a, by: arm, treatment: programme, reference: none, treatmnet: x }\n')).toThrow(/plan\.yaml:2:\d+: comparisons\[0\].*treatmnet/);
    expect(() => parsePlan('comparisons:\n  - { id: a, by: arm, treatment: programme, reference: none }\ndisclosure: { min_cel: 3 }\n')).toThrow(/disclosure.*min_cel/);
    expect(() => parsePlan('comparisons:\n  - { id: a, by: arm, treatment: programme, reference: none }\nwindow: [12]\n')).toThrow(/window/);
    expect(() => parsePlan('comparisons:\n  - { id: a, by: arm, treatment: programme, reference: none }\n  - { id: a, by: arm, treatment: toolkit, reference: none }\n')).toThrow(/used twice/);
    expect(() => parsePlan('comparisons:\n  - { id: a, by: arm, treatment: none, reference: none }\n')).toThrow(/must differ/);
  });
});
