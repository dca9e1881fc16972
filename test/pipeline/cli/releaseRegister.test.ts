/**
 * The release register end to end (issue 8), on either dialect: a later run whose covariates
 * differ is checked against the cells an earlier run published, and `--fresh-release` starts a
 * new release. The register's own reads and writes are tested in
 * test/pipeline/db/disclosureRegister.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { resultsSchema } from '../../../schemas/results.ts';
import { scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

function readResults(out: string) {
  return { results: resultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))) };
}

describe('the release register across runs', () => {
  const extract = join(scratchDir(), 'extract');
  beforeAll(async () => {
    await generateExtract({ out: extract, people: 800, seed: 11 });
  });

  it('keeps a release register: a later run whose covariates differ is checked against it, and --fresh-release starts anew', async () => {
    const db = join(scratchDir(), 'register.db');
    const plan = (covariates: string) => {
      const file = join(scratchDir(), 'plan.yaml');
      writeFileSync(file, `comparisons:\n  - { id: programme_vs_none, by: arm, treatment: programme, reference: none }\ncovariates: [${covariates}]\nwindows: [12, 24]\n`);
      return file;
    };
    const log = (out: string) => JSON.parse(readFileSync(join(out, 'disclosure-log.json'), 'utf8'));
    const first = scratchDir('progeval-run-');
    expect((await runCli('run', '--extract', extract, '--plan', plan('age_at_index'), '--out', first, '--db', db, '--progress', 'none')).code).toBe(0);
    expect(log(first).release).toMatchObject({ id: null, fresh: false, earlier_cells: 0 });

    const second = scratchDir('progeval-run-');
    const run = await runCli('run', '--plan', plan('age_at_index, ogrs'), '--out', second, '--db', db, '--progress', 'none');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Release register: \d+ published cells recorded under release 1/);
    expect(log(second).release.id).toBe(1);
    expect(log(second).release.earlier_cells).toBeGreaterThan(0);

    const fresh = scratchDir('progeval-run-');
    const third = await runCli('run', '--plan', plan('age_at_index, ogrs'), '--out', fresh, '--db', db, '--progress', 'none', '--fresh-release');
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('(a fresh release)');
    expect(log(fresh).release).toMatchObject({ fresh: true, earlier_cells: 0 });
    expect(readResults(fresh).results.disclosure.release.fresh).toBe(true);
    expect(readFileSync(join(fresh, 'report.html'), 'utf8')).toContain('fresh release');
  });
});
