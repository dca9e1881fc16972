/**
 * `progeval run` end to end: load, analyse, write results.json that satisfies its schema,
 * holds no NaN, and is the same bytes when the run is repeated.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { readManifest, verifyOutput } from '../../../reports/output/outputFolder.ts';
import { resultsSchema } from '../../../schemas/results.ts';
import { MINIMAL, scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');
const BIN = join(import.meta.dirname, '../../../bin/progeval.js');

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
    // The plan's margins give every question a verdict, printed as a table (issue 11).
    expect(results.verdicts.length).toBeGreaterThan(0);
    expect(first.stdout).toMatch(/Verdicts against the plan's margins/);
    for (const v of results.verdicts) expect(first.stdout).toMatch(new RegExp(`^${v.comparison}\\s+`, 'm'));
    expect(first.stdout).not.toMatch(/^programme_as_delivered\s/m);

    // Again, into the same folder: the extract is already loaded, and the results are the same bytes.
    const second = await runCli('run', '--extract', extract, '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/already (loaded|the latest)/);
    expect(readResults(out).text).toBe(text);
  }, 240_000);

  it('refuses a database inside the output folder, by real path, before writing anything (exit 2)', async () => {
    const out = scratchDir('progeval-run-');
    const inside = await runCli('run', '--extract', MINIMAL, '--plan', PLAN, '--out', out, '--db', join(out, 'progeval.db'), '--progress', 'none');
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('is inside the output folder');
    // The same folder reached through a symbolic link.
    const link = join(scratchDir(), 'link');
    symlinkSync(out, link);
    const viaLink = await runCli('run', '--extract', MINIMAL, '--plan', PLAN, '--out', link, '--db', join(out, 'nested', 'progeval.db'), '--progress', 'none');
    expect(viaLink.code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });

  it('stamps a run below min_cell 10 not for publication, and does not register it', async () => {
    const db = join(scratchDir(), 'private.db');
    const file = join(scratchDir(), 'plan.yaml');
    writeFileSync(file, 'comparisons:\n  - { id: band, by: facilitator_band, treatment: band_3, reference: band_4 }\ndisclosure: { min_cell: 5 }\n');
    const out = scratchDir('progeval-run-');
    const run = await runCli('run', '--extract', extract, '--plan', file, '--out', out, '--db', db, '--progress', 'none');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Not for publication');
    expect(readResults(out).results.disclosure.publishable).toBe(false);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/NOT FOR PUBLICATION/);
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

  it('refuses a file as OUT, and a non-empty folder progeval did not write (exit 2), changing nothing', async () => {
    const dir = scratchDir('progeval-run-');
    const file = join(dir, 'report.txt');
    writeFileSync(file, 'not a folder');
    const asFile = await runCli('run', '--extract', MINIMAL, '--plan', PLAN, '--out', file, '--db', join(dir, 'a.db'), '--progress', 'none');
    expect(asFile.code).toBe(2);
    expect(asFile.stderr).toContain(`progeval: --out ${file} is a file, not a folder`);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');

    const theirs = join(dir, 'theirs');
    mkdirSync(theirs);
    writeFileSync(join(theirs, 'analysis.R'), 'library(survival)\n');
    const notOurs = await runCli('run', '--extract', MINIMAL, '--plan', PLAN, '--out', theirs, '--db', join(dir, 'b.db'), '--progress', 'none');
    expect(notOurs.code).toBe(2);
    expect(notOurs.stderr).toMatch(/is not empty and has no progeval manifest\.json, so progeval did not write it/);
    expect(readdirSync(theirs)).toEqual(['analysis.R']);
    expect(readdirSync(dir).sort()).toEqual(['report.txt', 'theirs']); // refused before the database was opened
  });

  it('owns OUT through its manifest and replaces it whole: a run with another plan leaves none of the first plan\'s files', async () => {
    const dir = scratchDir('progeval-run-');
    const out = join(dir, 'out');
    const db = join(dir, 'owned.db');
    const first = await runCli('run', '--extract', MINIMAL, '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none');
    expect(first.code, first.stderr).toBe(0);
    expect(verifyOutput(out)).toEqual([]);
    const firstFiles = readManifest(out)!.files.map((f) => f.path);
    expect(firstFiles).toEqual(expect.arrayContaining(['results.json', 'report.html', 'disclosure-log.json']));

    const plan = join(dir, 'plan.yaml');
    writeFileSync(plan, 'comparisons:\n  - { id: programme_vs_none, by: arm, treatment: programme, reference: none }\nwindows: [12]\n');
    const second = await runCli('run', '--plan', plan, '--out', out, '--db', db, '--progress', 'none');
    expect(second.code, second.stderr).toBe(0);
    expect(verifyOutput(out)).toEqual([]); // every file is listed, with the bytes listed
    const secondFiles = readManifest(out)!.files.map((f) => f.path);
    const gone = firstFiles.filter((f) => !secondFiles.includes(f));
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.filter((f) => readdirSync(join(out, f, '..')).includes(f.split('/').pop()!))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['out', 'owned.db', 'plan.yaml']); // no temporary or aside folder left
  });

  it('publishes no local path, and depends on no clock: the same analysis from two folders in two time zones writes the same bytes', async () => {
    const results: string[] = [];
    const outputs: unknown[] = [];
    // Two processes, one in UTC and one at UTC+13:45 (Chatham Islands summer time): whatever
    // the folder or the time zone, every output file has the same SHA-256.
    for (const [name, zone] of [['first', 'UTC'], ['second-folder', 'Pacific/Chatham']] as const) {
      const dir = join(scratchDir('progeval-run-'), name);
      const extract = join(dir, 'extracts', 'NOMS-A1234BC'); // a folder could be named like anything
      cpSync(MINIMAL, extract, { recursive: true });
      const out = join(dir, 'out');
      const run = spawnSync(process.execPath, [BIN, 'run', '--extract', extract, '--plan', PLAN, '--out', out, '--db', join(dir, `${name}.db`), '--progress', 'none'], { env: { ...process.env, TZ: zone }, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      outputs.push(readManifest(out)!.files);
      const text = readFileSync(join(out, 'results.json'), 'utf8');
      expect(text).not.toContain(dir);
      expect(text).not.toContain('NOMS-A1234BC');
      expect(text).not.toContain(`${name}.db`);
      const { results: parsed } = readResults(out);
      expect(parsed.data.database).toBe('sqlite');
      expect(parsed.data.batches[0]).not.toHaveProperty('source');
      expect(readFileSync(join(out, 'report.html'), 'utf8')).not.toContain(dir);
      results.push(text);
    }
    expect(results[1]).toBe(results[0]);
    expect(outputs[1]).toEqual(outputs[0]);
  }, 240_000);

  it('reports a bad plan with its line and column, exit code 2', async () => {
    const out = scratchDir('progeval-run-');
    const plan = join(out, 'plan.yaml');
    (await import('node:fs')).writeFileSync(plan, 'comparisons:\n  - { id: x, by: colour, treatment: a, reference: b }\n');
    const run = await runCli('run', '--extract', MINIMAL, '--plan', plan, '--out', out, '--db', join(out, 'never-opened.db'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plan\.yaml:2:\d+: comparisons\[0\]\.by/);
  });
});
