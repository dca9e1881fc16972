/**
 * `progeval plan init`: a starting plan that is itself a valid plan, with the margins and
 * their sources; written atomically and never over an existing file without --force.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planSchema } from '../../../schemas/plan.ts';
import { MINIMAL, scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

describe('progeval plan init', () => {
  it('prints a plan that parses, with the review questions and default margins and where they come from', async () => {
    const run = await runCli('plan', 'init');
    expect(run.code, run.stderr).toBe(0);
    const plan = planSchema.parse(parse(run.stdout));
    expect(plan.margins).toEqual({ reoffending: { risk_difference: 0.03, hazard_ratio: 1.25 }, attitudes: { standardised: 0.2 } });
    expect(plan.comparisons.map((c) => c.id)).toEqual(['programme', 'band', 'programme_as_delivered', 'band_as_delivered']);
    for (const source of ['Piaggio', 'CONSORT', 'Cohen', 'Mews']) expect(run.stdout).toContain(source);
  });

  it('writes --out atomically, and refuses to replace a file without --force (exit 2, file unchanged)', async () => {
    const dir = scratchDir();
    const out = join(dir, 'plan.yaml');
    expect((await runCli('plan', 'init', '--out', out)).code).toBe(0);
    expect(planSchema.parse(parse(readFileSync(out, 'utf8'))).margins?.reoffending?.risk_difference).toBe(0.03);
    writeFileSync(out, 'mine\n');
    const again = await runCli('plan', 'init', '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    expect((await runCli('plan', 'init', '--out', out, '--force')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('margins:');
    // No temporary file is left beside it.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });

  it('with --db, lists the levels the data have in comments, never a count below 10, and still parses', async () => {
    const db = join(scratchDir(), 'levels.db');
    expect((await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none')).code).toBe(0);
    const run = await runCli('plan', 'init', '--db', db);
    expect(run.code, run.stderr).toBe(0);
    expect(planSchema.parse(parse(run.stdout)).comparisons.length).toBeGreaterThan(0);
    const factors = ['arm', 'programme_family', 'programme', 'facilitator_band', 'intensity', 'setting', 'region', 'start_period'];
    const comments = run.stdout.split('\n').filter((l) => factors.some((f) => l.startsWith(`#   ${f}: `)));
    expect(comments.map((l) => l.slice(4, l.indexOf(':')))).toEqual(factors);
    expect(run.stdout.indexOf('# The levels the data in')).toBeLessThan(run.stdout.indexOf('title:'));
    for (const count of comments.join(' ').matchAll(/\((\d+)\)/g)) expect(Number(count[1])).toBeGreaterThanOrEqual(10);
    expect(comments.join(' ')).toContain('fewer than 10');
  });
});
