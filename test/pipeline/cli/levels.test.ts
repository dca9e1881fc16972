/**
 * `progeval levels`: every comparison factor with the levels the loaded data have, counted in
 * people, small counts withheld; and `progeval run` refusing a plan whose level is not there.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON_FACTORS } from '../../../pipeline/derive/comparisonFactors.ts';
import { MINIMAL, scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

let db: string;

function planFile(text: string): string {
  const file = join(scratchDir(), 'plan.yaml');
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  db = join(scratchDir(), 'levels.db');
  const ingest = await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none');
  expect(ingest.code, ingest.stderr).toBe(0);
});

describe('progeval levels', () => {
  it('lists every comparison factor and its levels, and never shows a count below min_cell (10 by default)', async () => {
    const run = await runCli('levels', '--db', db);
    expect(run.code, run.stderr).toBe(0);
    for (const factor of COMPARISON_FACTORS) expect(run.stdout).toMatch(new RegExp(`^${factor}\\s`, 'm'));
    for (const level of ['building_choices', 'legacy_specialist', 'band_3', 'band_4', 'horizon', 'North West', 'custody', 'toolkit', 'none']) expect(run.stdout).toContain(level);
    expect(run.stdout).toContain('people at each level');
    // The minimal extract has six people: every count is withheld, and no count is printed.
    const rows = run.stdout.split('\n').filter((l) => /\s(fewer than 10|\d+)$/.test(l));
    expect(rows).toHaveLength(31); // 27 levels, and start_period's 2024_h1, 2025_h1, none and toolkit
    expect(rows.every((l) => l.endsWith('fewer than 10'))).toBe(true);
  });

  it('takes min_cell from --plan; in JSON a withheld count is null with "suppressed": true', async () => {
    const plan = planFile('comparisons:\n  - { id: a, by: arm, treatment: programme, reference: none }\ndisclosure: { min_cell: 2 }\n');
    const run = await runCli('levels', '--db', db, '--plan', plan, '--json');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ counted: 'people', min_cell: 2 });
    expect(out.factors.map((f: { factor: string }) => f.factor)).toEqual([...COMPARISON_FACTORS]);
    const factor = (name: string) => out.factors.find((f: { factor: string }) => f.factor === name).levels;
    expect(factor('arm')).toEqual([
      { level: 'none', people: null, suppressed: true },
      { level: 'programme', people: 4, suppressed: false },
      { level: 'toolkit', people: null, suppressed: true },
    ]);
    expect(factor('programme_family')).toEqual([
      { level: 'building_choices', people: null, suppressed: true },
      { level: 'legacy_specialist', people: 3, suppressed: false },
      { level: 'none', people: null, suppressed: true },
      { level: 'toolkit', people: null, suppressed: true },
    ]);
    expect(factor('facilitator_band').map((l: { level: string }) => l.level)).toEqual(['band_3', 'band_4', 'none', 'toolkit']);
    // The text says "fewer than 2" for the same cells.
    const text = await runCli('levels', '--db', db, '--plan', plan);
    expect(text.stdout).toMatch(/legacy_specialist\s+3$/m);
    expect(text.stdout).toMatch(/building_choices\s+fewer than 2$/m);
  });

  it('refuses a missing database, a bad plan and an alias bomb with exit 2, and teaches with --help', async () => {
    const missing = await runCli('levels', '--db', join(scratchDir(), 'none.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no database at');
    const bombRows = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [prev, next] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi']) bombRows.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const bomb = await runCli('levels', '--db', db, '--plan', planFile(`${bombRows.join('\n')}\n`));
    expect(bomb.code).toBe(2);
    expect(bomb.stderr).not.toContain('internal error');
    expect(bomb.stderr).toMatch(/plan\.yaml:2:\d+: the plan's aliases/);
    const help = await runCli('levels', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('treatment');
    expect(help.stdout).toContain('fewer than');
    expect(help.stdout).toMatch(/Examples:\n\s+progeval levels --db/);
    expect((await runCli('--help')).stdout).toMatch(/levels \[options\]\s+list the comparison factors/);
  });
});

describe('progeval run with a level the data do not have', () => {
  it('exits 2 naming the levels that exist, with a suggestion, and writes no report', async () => {
    const plan = planFile(
      'comparisons:\n' +
        '  - { id: programme, by: programme_family, treatment: building_choice, reference: legacy_specialist }\n' +
        '  - { id: band, by: facilitator_band, treatment: band_3, reference: band_4 }\n',
    );
    const out = join(scratchDir('progeval-run-'), 'out');
    const run = await runCli('run', '--db', db, '--plan', plan, '--out', out, '--progress', 'none');
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).toContain(
      'comparison programme (by programme_family): treatment building_choice is not a level in the loaded data (did you mean building_choices?); ' +
        'the levels of programme_family are: building_choices, legacy_specialist, none, toolkit',
    );
    // Only the mistaken comparison is named.
    expect(run.stderr).not.toContain('comparison band');
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
  });

  it('names an unknown reference level too, without a suggestion when none is close', async () => {
    const plan = planFile('comparisons:\n  - { id: where, by: region, treatment: Wales, reference: Scotland }\n');
    const run = await runCli('run', '--db', db, '--plan', plan, '--out', join(scratchDir('progeval-run-'), 'out'), '--progress', 'none');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('comparison where (by region): reference Scotland is not a level in the loaded data; the levels of region are: North West, Wales, none, toolkit');
  });
});
