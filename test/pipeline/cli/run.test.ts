/**
 * `progeval run` end to end: load, analyse, write results.json that satisfies its schema,
 * holds no NaN, and is the same bytes when the run is repeated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { resultsSchema } from '../../../schemas/results.ts';
import { MINIMAL, scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');

function readResults(out: string) {
  const text = readFileSync(join(out, 'results.json'), 'utf8');
  expect(text).not.toMatch(/NaN|Infinity/);
  return { text, results: resultsSchema.parse(JSON.parse(text)) };
}

describe('progeval run', () => {
  const extract = join(scratchDir(), 'extract');
  beforeAll(async () => {
    await generateExtract({ out: extract, people: 1500, seed: 11 });
  });

  it('analyses a generated cohort and writes valid, reproducible results', async () => {
    const out = scratchDir('progeval-run-');
    const db = join(scratchDir(), 'run.db');
    const first = await runCli('run', '--extract', extract, '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none');
    expect(first.code, first.stderr).toBe(0);
    const { text, results } = readResults(out);
    expect(results.plan).toMatchObject({ title: 'Building Choices vs legacy, band 3 vs band 4' });
    expect(results.data.batches).toHaveLength(1);
    expect(results.attitudes.change.length).toBeGreaterThan(0);
    expect(results.attitudes.ancova.filter((a) => a.estimate !== null).length).toBeGreaterThan(0);
    expect(results.reconviction.cox.filter((c) => c.hr !== null).length).toBeGreaterThan(0);

    // Again, into the same folder: the extract is already loaded, and the results are the same bytes.
    const second = await runCli('run', '--extract', extract, '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none');
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('already loaded');
    expect(readResults(out).text).toBe(text);
  });

  it('explains every missing number, and holds no NaN, on an extract too small to analyse', async () => {
    const out = scratchDir('progeval-run-');
    const run = await runCli('run', '--extract', MINIMAL, '--plan', PLAN, '--out', out, '--db', join(scratchDir(), 'minimal.db'), '--progress', 'none');
    expect(run.code, run.stderr).toBe(0);
    const { results } = readResults(out);
    // Every missing number is explained: by a note, or (where the note itself would reveal a
    // small count) by disclosure control naming the field it withheld.
    const explained = (r: { note: string | null; suppressed?: string[] }) => r.note !== null || (r.suppressed?.length ?? 0) > 0;
    expect(results.attitudes.change.filter((c) => c.t === null).every(explained)).toBe(true);
    expect(results.reconviction.cox.every((c) => c.hr === null && explained(c))).toBe(true);
    expect(results.disclosure.notes.length).toBeGreaterThan(0);
  });

  it('reports a bad plan with its line and column, exit code 2', async () => {
    const out = scratchDir('progeval-run-');
    const plan = join(out, 'plan.yaml');
    (await import('node:fs')).writeFileSync(plan, 'comparisons:\n  - { id: x, by: colour, treatment: a, reference: b }\n');
    const run = await runCli('run', '--extract', MINIMAL, '--plan', plan, '--out', out, '--db', join(out, 'never-opened.db'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plan\.yaml:2:\d+: comparisons\[0\]\.by/);
  });
});
