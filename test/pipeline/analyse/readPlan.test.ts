import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanInvalid } from '../../../pipeline/analyse/planInvalid.ts';
import { parsePlan } from '../../../pipeline/analyse/readPlan.ts';
import { planSchema } from '../../../schemas/plan.ts';

/** The problems of a plan that must be refused. */
function problemsOf(text: string, file = 'plan.yaml'): string[] {
  try {
    parsePlan(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(PlanInvalid);
    return (e as PlanInvalid).problems;
  }
  throw new Error('the plan was accepted');
}

const COMPARISON = 'comparisons:\n  - { id: a, by: arm, treatment: programme, reference: none }\n';

describe('plans', () => {
  it('reads the example plan with its defaults filled in', () => {
    const plan = parsePlan(readFileSync(join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml'), 'utf8'));
    expect(plan.comparisons.map((c) => c.id)).toEqual(['programme', 'band', 'programme_as_delivered', 'band_as_delivered', 'programme_vs_none']);
    expect(plan.comparisons[1]).toMatchObject({ by: 'facilitator_band', adjust_for: ['programme_family', 'start_period'] });
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

  it('is strict everywhere: every object of the plan schema refuses unknown keys', () => {
    // Walks the schema itself, so an object added later without strictObject fails here.
    type Def = { type: string; shape?: Record<string, { _zod: { def: Def } }>; catchall?: { _zod: { def: Def } }; element?: { _zod: { def: Def } }; innerType?: { _zod: { def: Def } }; in?: { _zod: { def: Def } }; out?: { _zod: { def: Def } } };
    const objects: string[] = [];
    const walk = (def: Def, where: string): void => {
      if (def.type === 'object') {
        objects.push(where);
        // margins.attitudes alone takes further keys: measure ids, each a strict object, checked against the loaded measures at run time.
        if (where === 'plan.margins.attitudes') expect(def.catchall?._zod.def.type).toBe('object');
        else expect(def.catchall?._zod.def.type, `${where} is not strict`).toBe('never');
        for (const [k, v] of Object.entries(def.shape ?? {})) walk(v._zod.def, `${where}.${k}`);
      }
      for (const inner of [def.element, def.innerType, def.in, def.out]) if (inner) walk(inner._zod.def, where);
    };
    walk((planSchema as unknown as { _zod: { def: Def } })._zod.def, 'plan');
    expect(objects).toEqual(['plan', 'plan.comparisons', 'plan.disclosure', 'plan.monitoring', 'plan.margins', 'plan.margins.reoffending', 'plan.margins.attitudes']);
  });

  it('locates an unknown key at the key itself, at any depth, and suggests the one meant', () => {
    // At the top, after other keys: not at 1:1.
    expect(problemsOf(`title: x\n${COMPARISON}window: [12]\n`, 'p.yaml')).toEqual([
      'p.yaml:4:1: plan: unknown key window (did you mean windows?); the keys here are: title, comparisons, covariates, windows, seed, bootstrap_replicates, disclosure, monitoring, margins',
    ]);
    // In a comparison written as a block, and in a disclosure block.
    expect(problemsOf('comparisons:\n  - id: a\n    by: arm\n    treatment: programme\n    reference: none\n    refrence: toolkit\n')).toEqual([
      'plan.yaml:6:5: comparisons[0]: unknown key refrence (did you mean reference?); the keys here are: id, by, treatment, reference, adjust_for, filter',
    ]);
    expect(problemsOf(`${COMPARISON}disclosure:\n  min_cell: 10\n  min_cel: 3\n`)[0]).toMatch(/^plan\.yaml:5:3: disclosure: unknown key min_cel \(did you mean min_cell\?\)/);
    // Two unknown keys in one object: one problem each, each at its own key.
    expect(problemsOf(`${COMPARISON}colour: red\nsize: 3\n`).map((p) => p.split(': ')[0])).toEqual(['plan.yaml:3:1', 'plan.yaml:4:1']);
  });

  it('names the line of a repeated key, and where it was first given', () => {
    expect(problemsOf(`title: first\n${COMPARISON}windows: [12]\ntitle: second\n`)).toEqual([
      'plan.yaml:5:1: title is given twice (first at line 1, column 1): a key may appear only once',
    ]);
    expect(problemsOf('comparisons:\n  - id: a\n    by: arm\n    treatment: programme\n    by: setting\n    reference: none\n')[0]).toMatch(/^plan\.yaml:5:5: by is given twice \(first at line 3, column 5\)/);
  });

  it('points at an unclosed brace or bracket where it opens, not at 1:1', () => {
    expect(problemsOf('title: x\ncomparisons:\n  - { id: a, by: arm, treatment: programme, reference: none\nwindows: [12]\n')).toEqual([
      'plan.yaml:3:5: this { is never closed: no } before line 4, column 1',
    ]);
    expect(problemsOf(`${COMPARISON}windows: [12, 24\n`)).toEqual(['plan.yaml:3:10: this [ is never closed: no ] before the end of the file']);
    // Other syntax errors at their own line and column.
    expect(problemsOf(`${COMPARISON}seed: 2\n\tx: 1\n`)[0]).toMatch(/^plan\.yaml:4:1: /);
  });

  it('refuses a "billion laughs" alias bomb quickly, as a plain plan error', () => {
    // The classic: nine levels, each nine aliases of the one before: 9^9 (387 million) strings.
    const bomb = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (const [prev, next] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) bomb.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const started = performance.now();
    const problems = problemsOf(`${bomb.join('\n')}\n${COMPARISON}`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^plan\.yaml:2:8: the plan's aliases \(\*a\) expand to too much.*billion laughs/);
    // An alias with no anchor is a plan error too, at the alias.
    expect(problemsOf(`${COMPARISON}title: *nowhere\n`)).toEqual(['plan.yaml:3:8: *nowhere refers to no anchor &nowhere before it']);
    // A modest alias is fine.
    expect(parsePlan(`${COMPARISON}windows: [&w 12, *w, 24]\n`).windows).toEqual([12, 24]);
  });

  it('refuses an empty plan plainly', () => {
    expect(problemsOf('# nothing yet\n')[0]).toMatch(/^plan\.yaml:1:1: the plan is empty/);
  });
});

describe('holding factors fixed (issue 10)', () => {
  it('reads adjust_for and filter', () => {
    const plan = parsePlan(
      'comparisons:\n  - { id: b, by: facilitator_band, treatment: band_3, reference: band_4, adjust_for: [programme_family, start_period], filter: { setting: community } }\n',
    );
    expect(plan.comparisons[0]).toMatchObject({ adjust_for: ['programme_family', 'start_period'], filter: { setting: 'community' } });
  });

  it('refuses arm, unknown factors and holding fixed the factor compared, each at its place', () => {
    const problems = (text: string) => {
      try {
        parsePlan(text, 'p.yaml');
        return [];
      } catch (e) {
        return (e as PlanInvalid).problems;
      }
    };
    expect(problems('comparisons:\n  - { id: b, by: facilitator_band, treatment: band_3, reference: band_4, adjust_for: [arm] }\n')[0]).toMatch(/^p\.yaml:2:\d+: comparisons\[0\]\.adjust_for\[0\]: adjust_for takes factors among: programme_family/);
    expect(problems('comparisons:\n  - { id: b, by: facilitator_band, treatment: band_3, reference: band_4, adjust_for: [facilitator_band] }\n')[0]).toContain('a comparison cannot hold fixed the factor it compares');
    expect(problems('comparisons:\n  - { id: b, by: facilitator_band, treatment: band_3, reference: band_4, filter: { colour: red } }\n')[0]).toBe('p.yaml:2:84: comparisons[0].filter: unknown key colour');
  });

  it('reads non-inferiority margins: reoffending as a proportion and a hazard ratio, attitudes in points, SD or per measure', () => {
    const plan = parsePlan(`${COMPARISON}margins:\n  reoffending: { risk_difference: 0.03, hazard_ratio: 1.25 }\n  attitudes: { standardised: 0.2, self_management: { points: 3 } }\n`);
    expect(plan.margins?.reoffending).toEqual({ risk_difference: 0.03, hazard_ratio: 1.25 });
    expect(plan.margins?.attitudes).toEqual({ standardised: 0.2, self_management: { points: 3 } });
    expect(parsePlan(COMPARISON).margins).toBeUndefined();
  });

  it('refuses margins on the wrong scale or side, each at its place', () => {
    const one = (margins: string) => problemsOf(`${COMPARISON}margins:\n${margins}\n`);
    expect(one('  reoffending: { risk_difference: 3 }')[0]).toMatch(/^plan\.yaml:4:\d+: .*risk_difference is a proportion \(0\.03 is 3 percentage points\)/);
    expect(one('  reoffending: { hazard_ratio: 0.8 }')[0]).toMatch(/hazard_ratio must be above 1/);
    expect(one('  reoffending: { risk_difference: -0.03 }')[0]).toMatch(/risk_difference must be above 0/);
    expect(one('  attitudes: { points: 3, standardised: 0.2 }')[0]).toMatch(/not both/);
    expect(one('  attitudes: { self_management: { points: 3, standardised: 0.2 } }')[0]).toMatch(/not both or neither/);
    expect(one('  reoffending: { risk_diference: 0.03 }')[0]).toMatch(/unknown key risk_diference \(did you mean risk_difference\?\)/);
  });
});
