/**
 * The independent LP attacker (support/lpAttacker.ts) on hand-built published results:
 * it must see the attacks an output checker worries about, and only them. Each object
 * holds just the fields the attacker reads.
 */
import { describe, expect, it } from 'vitest';
import { schemaCountPaths } from '../../../reports/disclosure/disclosureRoles.ts';
import type { Results } from '../../../schemas/results.ts';
import { attack, attackerCountFields, type AttackPlan } from './support/lpAttacker.ts';

type Rec = Record<string, unknown>;

/** A published output holding only the given sections (the rest empty). */
function published(parts: { flow?: Rec[]; reconviction?: Record<string, Rec[]> }): Results {
  return {
    flow: parts.flow ?? [],
    attitudes: { measures: [], scoring: [], jacobson_truax: [], reliable_change_bands: [], change: [], ancova: [] },
    reconviction: { rates: [], survival: [], survival_curves: [], cox: [], logistic: [], matched: [], observed_expected: [], ...parts.reconviction },
    monitoring: { quarterly: [], regions: [] },
  } as unknown as Results;
}

/** A record with some fields withheld: `withheld` maps each field to its label. */
function rec(fields: Rec, withheld: Record<string, 'low' | 'c'> = {}): Rec {
  const out: Rec = { ...fields };
  for (const p of Object.keys(withheld)) out[p] = null;
  return Object.keys(withheld).length ? { ...out, suppressed: Object.keys(withheld), suppressed_reason: withheld } : out;
}

describe('the attacker: custody by subtraction across two comparisons', () => {
  // Custody and community groups make up the programme arm: the same people under two comparisons.
  const plan: AttackPlan = {
    comparisons: [
      { id: 'setting', by: 'setting', treatment: 'custody', reference: 'community' },
      { id: 'arm', by: 'arm', treatment: 'programme', reference: 'none' },
    ],
    windows: [12],
    covariates: [],
  };
  const atoms = [
    ['community', 'programme'],
    ['custody', 'programme'],
    [null, 'none'],
  ];

  it('pins a withheld custody count when community and programme are both published', async () => {
    const disclosed = published({
      flow: [
        rec({ comparison: 'setting', level: 'custody', referred: 4 }, { referred: 'low' }),
        rec({ comparison: 'setting', level: 'community', referred: 100 }),
        rec({ comparison: 'arm', level: 'programme', referred: 104 }),
        rec({ comparison: 'arm', level: 'none', referred: 50 }),
      ],
    });
    const result = await attack(disclosed, plan, atoms, 10);
    expect(result.infeasible).toBe(false);
    expect(result.checked).toBe(1);
    expect(result.violations).toEqual([{ section: 'flow', index: 0, path: 'referred', reason: 'low', lower: 4, upper: 4 }]);
  });

  it('finds nothing when community and programme are withheld as well', async () => {
    const disclosed = published({
      flow: [
        rec({ comparison: 'setting', level: 'custody', referred: 4 }, { referred: 'low' }),
        rec({ comparison: 'setting', level: 'community', referred: 100 }, { referred: 'c' }),
        rec({ comparison: 'arm', level: 'programme', referred: 104 }, { referred: 'c' }),
        rec({ comparison: 'arm', level: 'none', referred: 50 }),
      ],
    });
    const result = await attack(disclosed, plan, atoms, 10, { exact: true });
    expect(result.violations).toEqual([]);
    // custody is anything its label allows (an atom is never empty); the totals are open above.
    expect(result.counts.map((c) => [c.index, c.lower, c.upper])).toEqual([
      [0, 1, 9],
      [1, 10, null],
      [2, 11, null],
    ]);
  });

  it('knows a listed atom is not empty: a [c] total over a [low] part then spans min_cell − 1 values', async () => {
    const disclosed = published({
      flow: [
        rec({ comparison: 'setting', level: 'custody', referred: 4 }, { referred: 'low' }),
        rec({ comparison: 'setting', level: 'community', referred: 100 }),
        rec({ comparison: 'arm', level: 'programme', referred: 104 }, { referred: 'c' }),
        rec({ comparison: 'arm', level: 'none', referred: 50 }),
      ],
    });
    const withExistence = await attack(disclosed, plan, atoms, 10);
    expect(withExistence.violations).toEqual([{ section: 'flow', index: 2, path: 'referred', reason: 'c', lower: 101, upper: 109 }]);
    const without = await attack(disclosed, plan, atoms, 10, { existence: false, exact: true });
    expect(without.violations).toEqual([]);
    expect(without.counts.map((c) => [c.index, c.lower, c.upper])).toEqual([
      [0, 0, 9],
      [2, 100, 109],
    ]);
  });

  it('pins custody reoffenders through the rates of the two comparisons', async () => {
    const rate = (comparison: string, level: string, n: number, reoffended: number, withheld: Record<string, 'low' | 'c'> = {}) =>
      rec({ comparison, level, window_months: 12, category: 'any', n, excluded: 0, reoffended }, withheld);
    const disclosed = published({
      reconviction: {
        rates: [rate('setting', 'custody', 40, 3, { reoffended: 'low' }), rate('setting', 'community', 100, 30), rate('arm', 'programme', 140, 33), rate('arm', 'none', 50, 20)],
      },
    });
    const result = await attack(disclosed, plan, atoms, 10);
    expect(result.violations).toEqual([{ section: 'reconviction.rates', index: 0, path: 'reoffended', reason: 'low', lower: 3, upper: 3 }]);
  });
});

describe('the attacker: Cox adjusted against unadjusted', () => {
  // 1443 people with 238 events; 56 dropped for a missing covariate leave 1387 with 229 events,
  // so the dropped people include exactly 9 who reoffended.
  const plan: AttackPlan = {
    comparisons: [{ id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' }],
    windows: [24],
    covariates: ['age_at_index', 'ogrs'],
  };
  const atoms = [['building_choices'], ['legacy_specialist']];
  const dropped = { label: 'dropped reoffenders', comparison: 'programme', concept: 'cox_dropped_event|age_at_index,ogrs' };
  const cox = (adjusted: boolean, n: number, events: number, droppedN: number, withheld: Record<string, 'low' | 'c'> = {}) =>
    rec({ comparison: 'programme', adjusted, covariates: adjusted ? plan.covariates : [], n, events, dropped_missing_covariates: droppedN }, withheld);
  const curve = (level: string, n: number, events: number, withheld: Record<string, 'low' | 'c'> = {}) => rec({ comparison: 'programme', level, n, excluded: 0, events }, withheld);

  it('works out the dropped reoffenders exactly when everything is published', async () => {
    const disclosed = published({
      reconviction: { survival_curves: [curve('building_choices', 800, 130), curve('legacy_specialist', 643, 108)], cox: [cox(false, 1443, 238, 0), cox(true, 1387, 229, 56)] },
    });
    const result = await attack(disclosed, plan, atoms, 10, { implied: [dropped] });
    expect(result.checked).toBe(0);
    expect(result.implied).toEqual([{ label: 'dropped reoffenders', lower: 9, upper: 9 }]);
  });

  it('bounds withheld event counts by the dropped people: wide enough with 56 dropped', async () => {
    const disclosed = published({
      reconviction: {
        survival_curves: [curve('building_choices', 800, 130), curve('legacy_specialist', 643, 108, { events: 'c' })],
        cox: [cox(false, 1443, 238, 0, { events: 'c' }), cox(true, 1387, 229, 56)],
      },
    });
    const result = await attack(disclosed, plan, atoms, 10, { exact: true });
    expect(result.violations).toEqual([]);
    const range = (section: string) => result.counts.filter((c) => c.section === section).map((c) => [c.path, c.lower, c.upper]);
    // Without "unadjusted − adjusted events ≤ dropped" the upper ends would be 773 and 643.
    expect(range('reconviction.cox')).toEqual([['events', 229, 285]]);
    expect(range('reconviction.survival_curves')).toEqual([['events', 99, 155]]);
  });

  it('catches the attack when few people were dropped', async () => {
    const disclosed = published({
      reconviction: {
        survival_curves: [curve('building_choices', 800, 130), curve('legacy_specialist', 643, 108, { events: 'c' })],
        cox: [cox(false, 1443, 238, 0, { events: 'c' }), cox(true, 1440, 229, 3)],
      },
    });
    const result = await attack(disclosed, plan, atoms, 10);
    expect(result.violations).toEqual([
      { section: 'reconviction.survival_curves', index: 1, path: 'events', reason: 'c', lower: 99, upper: 102 },
      { section: 'reconviction.cox', index: 0, path: 'events', reason: 'c', lower: 229, upper: 232 },
    ]);
  });
});

describe('the attacker: verdicts', () => {
  const plan: AttackPlan = { comparisons: [{ id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' }], windows: [12], covariates: [] };
  const atoms = [['building_choices'], ['legacy_specialist']];
  const rate = (level: string, n: number, reoffended: number, withheld: Record<string, 'low' | 'c'> = {}) =>
    rec({ comparison: 'programme', level, window_months: 12, category: 'any', n, excluded: 0, reoffended }, withheld);

  it('accepts a part of a [low] total that can take more than one value', async () => {
    const disclosed = published({ reconviction: { rates: [rate('building_choices', 4, 2, { n: 'low', reoffended: 'low' }), rate('legacy_specialist', 60, 20)] } });
    const result = await attack(disclosed, plan, atoms, 10, { exact: true });
    expect(result.violations).toEqual([]);
    expect(result.counts.map((c) => [c.path, c.lower, c.upper])).toEqual([
      ['n', 1, 9],
      ['reoffended', 0, 9],
    ]);
  });

  it('reports a [low] count pinned by a published rate and base', async () => {
    const disclosed = published({ reconviction: { rates: [{ ...rate('building_choices', 40, 3, { reoffended: 'low' }), rate: 3 / 40 }, rate('legacy_specialist', 60, 20)] } });
    const result = await attack(disclosed, plan, atoms, 10);
    expect(result.violations).toEqual([{ section: 'reconviction.rates', index: 0, path: 'reoffended', reason: 'low', lower: 3, upper: 3 }]);
  });

  it('reports a [c] count whose complement is published within a small total', async () => {
    // n = 12 published, reoffended [c] ≥ 10: it can only be 10, 11 or 12.
    const disclosed = published({ reconviction: { rates: [rate('building_choices', 12, 11, { reoffended: 'c' }), rate('legacy_specialist', 60, 20)] } });
    const result = await attack(disclosed, plan, atoms, 10);
    expect(result.violations).toEqual([{ section: 'reconviction.rates', index: 0, path: 'reoffended', reason: 'c', lower: 10, upper: 12 }]);
  });

  it('flags published figures that break a relation it assumes', async () => {
    const disclosed = published({ reconviction: { rates: [rate('building_choices', 12, 13), rate('legacy_specialist', 60, 20)] } });
    const result = await attack(disclosed, plan, atoms, 10);
    expect(result.contradictions).toEqual([expect.stringContaining('reoffended ≤ n')]);
  });
});

describe('the attacker knows every count of people', () => {
  it('has the same count fields as the results schema', () => {
    // The production list, read from the schema's tags; the attacker keeps its own.
    const fromSchema = schemaCountPaths()
      .map((p) => p.replace(/^(flow|attitudes\.\w+|reconviction\.\w+|monitoring\.\w+)\.\*\./, '$1|'))
      .sort();
    const known = Object.entries(attackerCountFields())
      .flatMap(([section, fields]) => fields({ classed: [{ window_months: '*' }] }).map((p) => `${section}|${p}`))
      .sort();
    expect(known).toEqual(fromSchema);
  });
});
