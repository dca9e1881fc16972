/**
 * A seeded property test of disclosure control against the independent LP attacker
 * (support/lpAttacker.ts): random small generated cohorts (150–600 people) and random plans
 * (1–3 comparisons over arm, programme_family, facilitator_band, setting and intensity, with
 * levels present in the data; covariates sometimes none; min_cell 5 or 10) are loaded,
 * analysed and disclosed; the attacker, seeing only the published results, the plan,
 * min_cell and which levels each atom has, must find no withheld count it can narrow below
 * what protects it.
 *
 * Before attacking, the attacker's relations are checked against the true values (the raw
 * results and the atoms' counts, which the attacker never sees): a relation the truth breaks
 * would make its ranges wrong, and a label the truth breaks is a finding in itself.
 *
 * PROGEVAL_ATTACK_CASES (default 8) sets the number of cases; PROGEVAL_ATTACK_SEED (default 1)
 * the first seed. Each case prints its seed, plan and how many withheld counts it checked.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { runAnalysis } from '../../../pipeline/analyse/runAnalysis.ts';
import { readEnrolments, readGroupStaff } from '../../../pipeline/db/analysisData.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { buildCohort } from '../../../pipeline/derive/cohort.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { discloseResults } from '../../../reports/disclosure/discloseResults.ts';
import { PLAN_COVARIATES, planSchema, type Plan } from '../../../schemas/plan.ts';
import type { AnalysisResults, Results } from '../../../schemas/results.ts';
import { scratchDir } from '../../support/extracts.ts';
import { attack, buildAttackModel, fieldValue, type AttackModel, type AttackViolation } from './support/lpAttacker.ts';

const CASES = Number(process.env.PROGEVAL_ATTACK_CASES ?? 8);
const FIRST_SEED = Number(process.env.PROGEVAL_ATTACK_SEED ?? 1);
const FACTORS = ['arm', 'programme_family', 'facilitator_band', 'setting', 'intensity'] as const;

/** mulberry32: a small seeded generator for the case parameters. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return { next, int, pick, shuffle };
}

/** A random valid plan over the levels present (with at least one person) in the cohort. */
function randomPlan(rng: ReturnType<typeof random>, present: Map<string, Map<string, number>>, seed: number, minCell: number): Plan {
  const comparisons: Plan['comparisons'] = [];
  const used = new Set<string>();
  const wanted = rng.int(1, 3);
  for (let tries = 0; comparisons.length < wanted && tries < 50; tries++) {
    const by = rng.pick(FACTORS);
    const levels = [...(present.get(by) ?? new Map()).keys()];
    if (levels.length < 2) continue;
    const [treatment, reference] = rng.shuffle(levels);
    const key = `${by}|${treatment}|${reference}`;
    if (used.has(key)) continue;
    used.add(key);
    comparisons.push({ id: `c${comparisons.length + 1}_${by}`, by, treatment: treatment!, reference: reference! });
  }
  const covariates = rng.next() < 0.35 ? [] : rng.shuffle(PLAN_COVARIATES).slice(0, rng.int(1, 3));
  const windows = rng.pick([[12, 24], [12, 24], [12], [24], [6, 12]]);
  return planSchema.parse({ title: `attack case ${seed}`, comparisons, covariates, windows, seed, disclosure: { min_cell: minCell } });
}

/** Levels of each factor with their number of enrolments. */
async function levelsPresent(database: Awaited<ReturnType<typeof openDatabase>>): Promise<Map<string, Map<string, number>>> {
  const cohort = buildCohort({ enrolments: await readEnrolments(database), staff: await readGroupStaff(database), scaleScores: [], reconvictions: [] });
  const out = new Map<string, Map<string, number>>();
  for (const m of cohort) {
    for (const f of FACTORS) {
      const byLevel = out.get(f) ?? new Map<string, number>();
      byLevel.set(m.levels[f], (byLevel.get(m.levels[f]) ?? 0) + 1);
      out.set(f, byLevel);
    }
  }
  return out;
}

/** The true value of each of the attacker's unknowns (from what it never sees). */
function truthOf(model: AttackModel, raw: AnalysisResults, disclosed: Results): number[] {
  const section = (results: unknown, name: string) => name.split('.').reduce<unknown>((here, k) => (here as Record<string, unknown>)[k], results) as Record<string, unknown>[];
  return model.variables.map((v) => {
    if (v.atom) return raw.linkage.atoms[v.atom.index]!.counts[v.atom.concept] ?? 0;
    const f = v.field!;
    if (f.section === 'attitudes.jacobson_truax') {
      // Published bins may be coarser than the raw ones: add up the raw bins inside.
      const bin = section(disclosed, f.section)[f.index]!;
      const w = bin.bin_width as number;
      const inside = (low: number, from: number) => low >= from - 1e-9 && low < from + w - 1e-9;
      return raw.attitudes.jacobson_truax
        .filter((b) => b.comparison === bin.comparison && b.level === bin.level && b.measure === bin.measure && inside(b.pre_low, bin.pre_low as number) && inside(b.post_low, bin.post_low as number))
        .reduce((s, b) => s + (b.count ?? 0), 0);
    }
    // Survival rows with nothing published are left out: find the raw row by its time.
    const published = section(disclosed, f.section)[f.index]!;
    const rawRecord =
      f.section === 'reconviction.survival'
        ? section(raw, f.section).find((r) => r.comparison === published.comparison && r.level === published.level && r.time_days === published.time_days)
        : section(raw, f.section)[f.index];
    const value = fieldValue(rawRecord, f.path);
    if (typeof value !== 'number') throw new Error(`no true value for ${v.key}`);
    return value;
  });
}

/** Relations and bounds of the attacker's model that the true values break. */
function brokenByTruth(model: AttackModel, truth: number[]): string[] {
  const out: string[] = [];
  model.variables.forEach((v, j) => {
    const x = truth[j]!;
    if (x < v.lower || x > v.upper) out.push(`${v.key} = ${x} is outside [${v.lower}, ${v.upper}]${v.field?.reason ? ` (labelled ${v.field.reason})` : ''}`);
  });
  for (const r of model.rows) {
    const x = r.terms.reduce((s, [j, c]) => s + c * truth[j]!, 0);
    if (x < r.lower - 1e-6 || x > r.upper + 1e-6) out.push(`${r.label}: ${x} is outside [${r.lower}, ${r.upper}]`);
  }
  return out;
}

interface CaseReport {
  seed: number;
  people: number;
  minCell: number;
  plan: string;
  checked: number;
  solves: number;
  violations: (AttackViolation & { truth: unknown; restsOn: string })[];
  seconds: number;
}
const reports: CaseReport[] = [];
let labelLimited = 0;

describe('disclosure control against an independent LP attacker', () => {
  const seeds = Array.from({ length: CASES }, (_, i) => FIRST_SEED + i);

  it.each(seeds)(
    'case seed %i: no withheld count can be narrowed below min_cell',
    async (seed) => {
      const started = Date.now();
      const rng = random(seed * 7919 + 17);
      const people = rng.int(150, 600);
      const minCell = rng.pick([5, 10]);
      const dir = join(scratchDir('progeval-attack-'), 'extract');
      await generateExtract({ out: dir, people, seed });
      const database = await openDatabase(':memory:');
      let raw: AnalysisResults;
      let plan: Plan;
      try {
        await loadExtract(database, dir);
        plan = randomPlan(rng, await levelsPresent(database), seed, minCell);
        raw = await runAnalysis(database, plan);
      } finally {
        await database.close();
      }
      const discloseStarted = Date.now();
      const { results: disclosed, log } = await discloseResults(raw, { minCell });
      const discloseSeconds = (Date.now() - discloseStarted) / 1000;
      const atomLevels = raw.linkage.atoms.map((a) => a.levels);
      const planText = plan.comparisons.map((c) => `${c.by}:${c.treatment}/${c.reference}`).join(', ') + ` | covariates [${plan.covariates.join(', ')}] | windows [${plan.windows.join(', ')}]`;

      // The attacker's relations must hold for the truth, or its ranges mean nothing.
      const model = buildAttackModel(disclosed, plan, atomLevels, minCell);
      expect(model.contradictions, `seed ${seed}: published figures break the attacker's relations`).toEqual([]);
      const broken = brokenByTruth(model, truthOf(model, raw, disclosed));
      expect(broken, `seed ${seed} (${people} people, min_cell ${minCell}; ${planText}): the truth breaks the attacker's model`).toEqual([]);

      const attackStarted = Date.now();
      const result = await attack(disclosed, plan, atomLevels, minCell);
      expect(result.infeasible).toBe(false);
      const attackSeconds = (Date.now() - attackStarted) / 1000;
      const truth = (v: AttackViolation) => fieldValue((v.section.split('.').reduce<unknown>((h, k) => (h as Record<string, unknown>)[k], raw) as unknown[])[v.index], v.path);
      // What each violation rests on: the attack again without knowing that listed atoms, steps
      // and bins are not empty, and without the [c] label's lower bound.
      const keys = result.violations.map((v) => `${v.section}[${v.index}].${v.path}`);
      const still = async (o: { existence?: boolean; cLabel?: boolean }) =>
        keys.length ? new Set((await attack(disclosed, plan, atomLevels, minCell, { ...o, only: keys })).violations.map((v) => `${v.section}[${v.index}].${v.path}`)) : new Set<string>();
      const [noExistence, noCLabel, neither] = [await still({ existence: false }), await still({ cLabel: false }), await still({ existence: false, cLabel: false })];
      const restsOn = (k: string) =>
        neither.has(k) ? 'published figures alone' : [!noExistence.has(k) ? 'non-empty atoms/steps/bins' : null, !noCLabel.has(k) ? '[c] ≥ min_cell' : null].filter(Boolean).join(' + ') || 'both together';
      // One exception, cross-checked against the output checker's log: a count whose range is
      // narrow only because of what the marks themselves say (a [c] count, at least min_cell,
      // made of [low] parts), which the log lists as at its label limit.
      const atLabelLimit = new Set(log.at_label_limit.flatMap((c) => c.places));
      const all = result.violations.map((v, i) => ({ ...v, truth: truth(v), restsOn: restsOn(keys[i]!) }));
      const violations = all.filter((v, i) => !(v.restsOn === '[c] ≥ min_cell' && atLabelLimit.has(keys[i]!)));
      labelLimited += all.length - violations.length;
      const report: CaseReport = { seed, people, minCell, plan: planText, checked: result.checked, solves: result.solves, violations, seconds: (Date.now() - started) / 1000 };
      reports.push(report);
      console.log(
        `attack case seed ${seed}: ${people} people, min_cell ${minCell}; ${planText}; ${result.checked} withheld counts checked (${result.solves} MIP solves), ${violations.length} violations; disclose ${discloseSeconds.toFixed(1)} s, attack ${attackSeconds.toFixed(1)} s, case ${report.seconds.toFixed(1)} s`,
      );
      const describeViolation = (v: (typeof violations)[number]) => {
        const record = (v.section.split('.').reduce<unknown>((h, k) => (h as Record<string, unknown>)[k], disclosed) as Record<string, unknown>[])[v.index]!;
        const where = ['comparison', 'level', 'measure', 'window_months', 'category', 'adjusted', 'time_days', 'quarter', 'region'].filter((k) => k in record).map((k) => `${k}=${String(record[k])}`).join(' ');
        return `${v.section}[${v.index}].${v.path} [${v.reason ?? 'block'}] (${where}): attacker's range [${v.lower}, ${v.upper ?? '∞'}], true ${String(v.truth)}; rests on ${v.restsOn}`;
      };
      expect(violations.map(describeViolation), `seed ${seed} (${people} people, min_cell ${minCell}; ${planText})`).toEqual([]);
    },
    300_000,
  );

  afterAll(() => {
    const checked = reports.reduce((s, r) => s + r.checked, 0);
    const violations = reports.reduce((s, r) => s + r.violations.length, 0);
    console.log(`attacker property test: ${reports.length} of ${CASES} cases attacked (seeds ${FIRST_SEED}–${FIRST_SEED + CASES - 1}), ${checked} withheld counts checked, ${violations} violations, ${labelLimited} at the label limit (listed in the log)`);
  });

  it('checked some withheld counts overall', () => {
    // Runs after the cases (tests of a file run in order).
    const checked = reports.reduce((s, r) => s + r.checked, 0);
    expect(reports.length).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(0);
  });
});
