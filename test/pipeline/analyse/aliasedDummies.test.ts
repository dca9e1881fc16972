/**
 * Held-fixed factors whose dummies are aliased (a programme family that only ran in some
 * half-years): progeval leaves out the columns R gives NA and fits the rest, so the treatment
 * estimate equals R's. Reference: test/reference/aliased_dummies.R (lm + clubSandwich CR2,
 * coxph with cluster), written out in aliased_dummies.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimableDummies, factorDummies, treatmentSeparable } from '../../../pipeline/analyse/factorDummies.ts';
import { aliasedColumns } from '../../../pipeline/analyse/stats/aliasedColumns.ts';
import { ancova } from '../../../pipeline/analyse/stats/ancova.ts';
import { coxProportionalHazards } from '../../../pipeline/analyse/stats/coxProportionalHazards.ts';
import { expectCloseToR } from '../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../reference/aliased_dummies.json', import.meta.url), 'utf8'));
const d = ref.data as Record<string, (string | number)[]>;
const members = (d.family as string[]).map((f, i) => ({ levels: { programme_family: f, start_period: d.period![i] as string } })) as never[];
const dummies = factorDummies(members, ['programme_family', 'start_period']);
// R names them familylegacy_general, periodYYYY_hN; ours carry the factor's own name.
const rName = (name: string) => name.replace('programme_family', 'family').replace('start_period', 'period');

describe('aliased dummies, as R leaves them out', () => {
  it('finds the columns lm gives NA', () => {
    const { dropped } = estimableDummies([d.pre!.map(() => 1), d.pre as number[], d.treatment as number[]], dummies);
    expect(dropped.map(rName)).toEqual(ref.lm_aliased);
  });

  it('ANCOVA (CR2, Satterthwaite) of the rest equals R', () => {
    const { kept } = estimableDummies([d.pre!.map(() => 1), d.pre as number[], d.treatment as number[]], dummies);
    const fit = ancova({ pre: d.pre as number[], post: d.post as number[], indicator: d.treatment as number[], cluster: d.group as string[], covariates: kept });
    for (const k of ['estimate', 'se', 'df', 'p', 'ci_low', 'ci_high'] as const) expectCloseToR(fit[k], ref.ancova[k], `ancova ${k}`);
  });

  it('Cox (Efron, robust by group) of the rest equals R', () => {
    const { kept, dropped } = estimableDummies([d.pre!.map(() => 1), d.treatment as number[]], dummies);
    expect(dropped.map(rName)).toEqual(ref.cox_aliased);
    const fit = coxProportionalHazards({ time: d.time as number[], event: d.event as number[], covariates: { treatment: d.treatment as number[], ...kept }, cluster: d.group as string[] });
    const term = fit.terms.find((t) => t.term === 'treatment')!;
    expectCloseToR(term.coefficient, ref.cox.coefficient, 'cox coefficient');
    expectCloseToR(term.robustSe!, ref.cox.robust_se, 'cox robust se');
    expectCloseToR(term.p, ref.cox.p, 'cox p');
  });

  it('flags a zero column and a later column that repeats earlier ones', () => {
    expect(aliasedColumns([[1, 1, 1, 1], [0, 0, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0]])).toEqual([false, true, false, true, false]);
  });
});

describe('a treatment that cannot be told apart from the held-fixed factors', () => {
  it('is found even though R, with the treatment first, would drop a dummy instead', () => {
    // Building Choices (treatment) only ran in 2025 half-years, legacy only before.
    const rows = [
      { t: 1, p: '2025_h1' }, { t: 1, p: '2025_h2' }, { t: 1, p: '2025_h1' },
      { t: 0, p: '2023_h1' }, { t: 0, p: '2024_h1' }, { t: 0, p: '2023_h1' },
    ];
    const members = rows.map((r) => ({ levels: { start_period: r.p } })) as never[];
    const all = factorDummies(members, ['start_period']);
    const treated = rows.map((r) => r.t);
    const ones = rows.map(() => 1);
    expect(estimableDummies([ones, treated], all).dropped).toEqual(['start_period2025_h2']);
    expect(treatmentSeparable([ones], all, treated)).toBe(false);
    // With a stratum that has both, it can.
    const mixed = [...treated.slice(0, 5), 1];
    expect(treatmentSeparable([ones], all, mixed)).toBe(true);
  });
});
