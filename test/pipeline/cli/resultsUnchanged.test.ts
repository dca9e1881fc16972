/**
 * The numbers stay the same bytes through speed work (issue 15). A generated cohort (400
 * people, seed 7, extract dated 2028-10-31, so that reoffending windows, suppression and the
 * attacker's audit all have work to do) is run with the demo's plan, and every published
 * section of results.json is compared with test/fixtures/results/cohort-400-seed-7.json.
 *
 * Provenance: that file is those sections of results.json as written by commit 68992d7 (before
 * the speed work of issue 15), from
 *   progeval generate --out ext --people 400 --seed 7 --extract-date 2028-10-31
 *   progeval run --extract ext --db d.db --plan fixtures/plans/building-choices.yaml --out out
 * A change that alters a published number must say why, and regenerate it the same way.
 * Words only (issue 16): the three Jacobson–Truax notes in `disclosure.notes` now name each
 * measure by its catalogue label, not its code; those three strings were edited in the file,
 * and no number changed.
 * Disclosure, not speed (issue 16): the quarterly centre line is now a published place of its
 * family's counts (monitoringRules.ts), so disclosure control withholds it, rather than every
 * quarter, when a level of the family must be protected. In this cohort that withholds the
 * legacy specialist centre line in its 22 quarters and nothing else; the file was regenerated
 * the same way (at the commit that made the change) and compared with the one before: every
 * other section is the same bytes, and `disclosure` differs only in its counts of withheld values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');
const EXPECTED = join(import.meta.dirname, '../../fixtures/results/cohort-400-seed-7.json');

it('publishes the same bytes as before the speed work, section by section', async () => {
  const root = scratchDir('progeval-unchanged-');
  await generateExtract({ out: join(root, 'ext'), people: 400, seed: 7, extractDate: '2028-10-31' });
  const run = await runCli('run', '--extract', join(root, 'ext'), '--db', join(root, 'd.db'), '--plan', PLAN, '--out', join(root, 'out'), '--quiet');
  expect(run.code, run.stderr).toBe(0);
  const results = JSON.parse(readFileSync(join(root, 'out', 'results.json'), 'utf8'));
  const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, unknown>;
  for (const [section, value] of Object.entries(expected)) expect(JSON.stringify(results[section]), section).toBe(JSON.stringify(value));
}, 300_000);
