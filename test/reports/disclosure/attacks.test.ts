/**
 * The attacks of issue 8, reproduced on a generated cohort and shown to recover nothing:
 * - across comparisons: a custody group of 8 people, with `setting` (custody vs community)
 *   and `arm` (programme vs none) in one plan: programme − community = custody;
 * - across models: Cox unadjusted against adjusted for OGRS: the people dropped for a
 *   missing OGRS, and how many of them reoffended;
 * - across runs: two runs whose covariates differ by one, against the release register.
 * The cohort is edited in the database after loading (one small custody group; OGRS removed
 * for a chosen set of people) so each attack has a small count to find.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { runAnalysis } from '../../../pipeline/analyse/runAnalysis.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import type { ProgevalDatabase } from '../../../pipeline/db/dialect.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { discloseResults } from '../../../reports/disclosure/discloseResults.ts';
import { planSchema, type Plan } from '../../../schemas/plan.ts';
import type { AnalysisResults, Results } from '../../../schemas/results.ts';
import { scratchDir } from '../../support/extracts.ts';

const MIN = 10;
let database: ProgevalDatabase;

const plan = (comparisons: Plan['comparisons'], covariates: string[]): Plan => planSchema.parse({ title: 'attack', comparisons, covariates, windows: [12, 24], disclosure: { min_cell: MIN } });

beforeAll(async () => {
  const dir = join(scratchDir(), 'extract');
  await generateExtract({ out: dir, people: 1500, seed: 31 });
  database = await openDatabase(':memory:');
  await loadExtract(database, dir);
  const db = database.db;
  // Every group community, then one group of 8 people custody.
  await db.updateTable('groups').set({ setting: 'community' }).execute();
  const sizes = await db.selectFrom('enrolments').select(['group_id', db.fn.countAll<number>().as('n')]).where('group_id', 'is not', null).groupBy('group_id').execute();
  const eight = sizes.find((s) => Number(s.n) === 8) ?? sizes.sort((a, b) => Math.abs(Number(a.n) - 8) - Math.abs(Number(b.n) - 8))[0]!;
  await db.updateTable('groups').set({ setting: 'custody' }).where('group_id', '=', eight.group_id!).execute();
  // OGRS missing for 56 programme-arm people: 47 with no reconviction and 9 with one.
  const programme = db.selectFrom('enrolments').select('person_id').where('arm', '=', 'programme');
  const offenders = new Set((await db.selectFrom('reconvictions').select('person_id').distinct().execute()).map((r) => r.person_id));
  const people = (await db.selectFrom('people').select('person_id').where('person_id', 'in', programme).where('ogrs', 'is not', null).orderBy('person_id').execute()).map((p) => p.person_id);
  const chosen = [...people.filter((p) => !offenders.has(p)).slice(0, 47), ...people.filter((p) => offenders.has(p)).slice(0, 9)];
  await db.updateTable('people').set({ ogrs: null }).where('person_id', 'in', chosen).execute();
}, 120_000);

const flowOf = (r: AnalysisResults | Results, comparison: string, level: string) => r.flow.find((f) => f.comparison === comparison && f.level === level)!;
const rateOf = (r: AnalysisResults | Results, comparison: string, level: string, w: number) => r.reconviction.rates.find((x) => x.comparison === comparison && x.level === level && x.window_months === w && x.category === 'any')!;

describe('across comparisons: the custody subtraction', () => {
  it('no count of the 8-person custody level can be had as programme − community', async () => {
    const p = plan(
      [
        { id: 'setting', by: 'setting', treatment: 'custody', reference: 'community' },
        { id: 'arm', by: 'arm', treatment: 'programme', reference: 'none' },
      ],
      ['age_at_index'],
    );
    const raw = await runAnalysis(database, p);
    const custody = flowOf(raw, 'setting', 'custody');
    expect(custody.referred).toBeGreaterThan(0);
    expect(custody.referred).toBeLessThan(MIN); // the attack has something to find
    const { results, log } = await discloseResults(raw, { minCell: MIN });
    expect(log.unprotected).toEqual([]);
    // Everyone on the programme arm is in custody or the community, so before disclosure
    // control the subtraction gives custody's counts exactly.
    for (const field of ['referred', 'started', 'completed', 'with_pre', 'with_pre_and_post'] as const) {
      expect(flowOf(raw, 'arm', 'programme')[field]! - flowOf(raw, 'setting', 'community')[field]!).toBe(custody[field]);
      const programme = flowOf(results, 'arm', 'programme')[field];
      const community = flowOf(results, 'setting', 'community')[field];
      expect(flowOf(results, 'setting', 'custody')[field], field).toBeNull();
      expect(programme !== null && community !== null, `${field}: programme and community both published`).toBe(false);
    }
    for (const w of [12, 24]) {
      const programme = rateOf(results, 'arm', 'programme', w);
      const community = rateOf(results, 'setting', 'community', w);
      expect(programme.reoffended !== null && community.reoffended !== null, `reoffended within ${w} months`).toBe(false);
      expect(programme.n !== null && community.n !== null, `classed for ${w} months`).toBe(false);
    }
    // The withheld cross-comparison counts are [c], with an attacker's range of at least min_cell.
    const programmeReferred = log.withheld_cells.find((c) => c.cell === 'level|arm=programme|referred' || c.cell === 'level|setting=community|referred');
    expect(programmeReferred?.reason).toBe('c');
    const { lower, upper } = programmeReferred!;
    expect(upper === null || upper - (lower ?? 0) + 1 >= MIN).toBe(true);
  }, 60_000);
});

describe('across models: Cox without and with OGRS', () => {
  it('does not publish both models’ events when the people dropped for a missing OGRS hold few reoffenders', async () => {
    const p = plan([{ id: 'arm', by: 'arm', treatment: 'programme', reference: 'none' }], ['ogrs']);
    const raw = await runAnalysis(database, p);
    const [unadjusted, adjusted] = [raw.reconviction.cox.find((c) => !c.adjusted)!, raw.reconviction.cox.find((c) => c.adjusted)!];
    const droppedEvents = unadjusted.events! - adjusted.events!;
    expect(adjusted.dropped_missing_covariates).toBeGreaterThanOrEqual(MIN);
    expect(droppedEvents).toBeGreaterThan(0);
    expect(droppedEvents).toBeLessThan(MIN); // "9 of the 56 people without OGRS reoffended"
    const { results, log } = await discloseResults(raw, { minCell: MIN });
    const [u, a] = [results.reconviction.cox.find((c) => !c.adjusted)!, results.reconviction.cox.find((c) => c.adjusted)!];
    expect(u.events !== null && a.events !== null, 'both models’ events published').toBe(false);
    const hidden = u.events === null ? u : a;
    expect(hidden.suppressed_reason?.events).toBe('c');
    // The dropped reoffenders are an unpublished count the audit protected.
    expect(log.unprotected).toEqual([]);
  }, 60_000);
});

describe('across runs: two runs whose covariates differ by one', () => {
  it('withholds a count that differs from the earlier release by fewer than min_cell', async () => {
    const comparisons: Plan['comparisons'] = [{ id: 'programme', by: 'arm', treatment: 'programme', reference: 'none' }];
    const first = await discloseResults(await runAnalysis(database, plan(comparisons, ['age_at_index'])), { minCell: MIN });
    const secondRaw = await runAnalysis(database, plan(comparisons, ['age_at_index', 'ogrs']));
    const [c1, c2] = [first.results.reconviction.cox.find((c) => c.adjusted)!, secondRaw.reconviction.cox.find((c) => c.adjusted)!];
    expect(c1.n! - c2.n!).toBeGreaterThanOrEqual(MIN); // 56 fewer people
    const diff = c1.events! - c2.events!;
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(MIN); // of whom few reoffended: the attack's target

    // Alone, the second run is checked within itself; against the register of the first
    // run's published cells it withholds more, by the release rule, as [c].
    const alone = await discloseResults(secondRaw, { minCell: MIN });
    const second = await discloseResults(secondRaw, { minCell: MIN, release: { id: 1, fresh: false, cells: first.publishedCells } });
    expect(second.results.reconviction.cox.find((c) => c.adjusted)!.events).toBeNull();
    expect(second.log.release.withheld_against_it).toBeGreaterThan(0);
    const byRelease = second.log.withheld_cells.filter((c) => c.rule === 'release');
    expect(byRelease.length).toBeGreaterThan(0);
    const withheldAlone = new Set(alone.log.withheld_cells.map((c) => c.cell));
    expect(byRelease.some((c) => !withheldAlone.has(c.cell))).toBe(true);
    expect(byRelease.every((c) => c.reason === 'c')).toBe(true);
    // No published cell of the second run differs from a first-run cell of the same population by 1 to min_cell − 1.
    const earlier = new Map<string, number[]>();
    for (const c of first.publishedCells) earlier.set(c.population, [...(earlier.get(c.population) ?? []), c.value]);
    for (const c of second.publishedCells) for (const v of earlier.get(c.population) ?? []) expect(Math.abs(v - c.value) === 0 || Math.abs(v - c.value) >= MIN, `${c.population}: ${v} then ${c.value}`).toBe(true);
    // A fresh release is not checked against the register, and says so.
    const fresh = await discloseResults(secondRaw, { minCell: MIN, release: { id: null, fresh: true, cells: [] } });
    expect(fresh.results.disclosure.release.fresh).toBe(true);
    expect(fresh.results.disclosure.notes.some((n) => n.includes('fresh release'))).toBe(true);
  }, 60_000);
});

describe('labels and publication', () => {
  it('marks primary [low] and secondary [c] apart, and stamps output below min_cell 10 as not for publication', async () => {
    const p = plan([{ id: 'band', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4' }], []);
    const raw = await runAnalysis(database, p);
    const ten = await discloseResults(raw, { minCell: MIN });
    expect(ten.results.disclosure.publishable).toBe(true);
    const reasons = [...ten.results.flow, ...ten.results.reconviction.rates].flatMap((r) => Object.entries(r.suppressed_reason ?? {}));
    // A [low] count is below min_cell in truth; a [c] count is not.
    for (const [index, rate] of ten.results.reconviction.rates.entries()) {
      for (const field of ['n', 'reoffended', 'excluded'] as const) {
        const reason = rate.suppressed_reason?.[field];
        const truth = raw.reconviction.rates[index]![field]!;
        if (reason === 'c') expect(truth).toBeGreaterThanOrEqual(MIN);
        if (reason === 'low') expect(truth).toBeLessThan(MIN);
      }
    }
    expect(reasons.length).toBeGreaterThan(0);
    const five = await discloseResults(raw, { minCell: 5 });
    expect(five.results.disclosure.publishable).toBe(false);
    expect(five.results.disclosure.notes[0]).toMatch(/^NOT FOR PUBLICATION/);
    expect(five.log.publishable).toBe(false);
  }, 60_000);
});
