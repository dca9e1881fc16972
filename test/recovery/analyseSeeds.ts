/**
 * For recovery scripts: generate a cohort per seed, load it into an in-memory database,
 * run a plan, and hand back the results with the generator's truth.json.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateExtract, type GeneratorOptionsInput } from '../../fixtures/generator/index.ts';
import { runAnalysis } from '../../pipeline/analyse/runAnalysis.ts';
import { readEnrolments, readGroupStaff, readReconvictions } from '../../pipeline/db/analysisData.ts';
import { openDatabase } from '../../pipeline/db/open.ts';
import { buildCohort, type CohortMember } from '../../pipeline/derive/cohort.ts';
import { loadExtract } from '../../pipeline/load/loadExtract.ts';
import { planSchema, type Plan } from '../../schemas/plan.ts';
import type { AnalysisResults as Results } from '../../schemas/results.ts';

/** The two questions of the review, and the truth.json contrast each one estimates. */
export const REVIEW_PLAN: Plan = planSchema.parse({
  comparisons: [
    { id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' },
    { id: 'band', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4' },
  ],
});
export const TRUTH_CONTRAST: Record<string, string> = { programme: 'building_choices_vs_legacy_specialist', band: 'band_3_vs_band_4' };

export function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

export function stringArg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1]!;
}

/** A `--name on|off` switch (anything else is an error). */
export function switchArg(name: string, fallback: boolean): boolean {
  const value = stringArg(name, fallback ? 'on' : 'off');
  if (value !== 'on' && value !== 'off') throw new Error(`--${name} takes on or off, not ${value}`);
  return value === 'on';
}

export async function* analyseSeeds(
  seeds: number,
  plan: Plan,
  generator: Omit<GeneratorOptionsInput, 'out' | 'seed'>,
  /** Also hand back the cohort (without attitude scores) for diagnostics of one's own. */
  options: { cohort?: boolean } = {},
): AsyncGenerator<{ seed: number; results: Results; truth: any; cohort: CohortMember[] | null }> {
  for (let seed = 1; seed <= seeds; seed++) {
    const dir = join(tmpdir(), `progeval-recovery-${process.pid}-${seed}`);
    await generateExtract({ ...generator, out: dir, seed });
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
    const database = await openDatabase(':memory:');
    await loadExtract(database, dir);
    const results = await runAnalysis(database, plan);
    const cohort = options.cohort
      ? buildCohort({ enrolments: await readEnrolments(database), staff: await readGroupStaff(database), scaleScores: [], reconvictions: await readReconvictions(database) })
      : null;
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`seed ${seed}/${seeds}\r`);
    yield { seed, results, truth, cohort };
  }
}

export interface Coverage {
  covered: number;
  runs: number;
  bias: number;
}

export function printCoverage(title: string, tally: Map<string, Coverage>): void {
  process.stdout.write(`\n${title}\n`);
  let covered = 0;
  let runs = 0;
  for (const [key, t] of [...tally].sort()) {
    covered += t.covered;
    runs += t.runs;
    process.stdout.write(`  ${key.padEnd(48)} ${t.covered}/${t.runs} = ${((100 * t.covered) / t.runs).toFixed(0)}%   mean bias ${(t.bias / t.runs).toFixed(3)}\n`);
  }
  process.stdout.write(`  all: ${covered}/${runs} = ${((100 * covered) / runs).toFixed(1)}%\n`);
}

export function record(tally: Map<string, Coverage>, key: string, estimate: number, low: number, high: number, truth: number): void {
  const t = tally.get(key) ?? { covered: 0, runs: 0, bias: 0 };
  t.runs++;
  t.covered += low <= truth && truth <= high ? 1 : 0;
  t.bias += estimate - truth;
  tally.set(key, t);
}
