/**
 * The run registry and `progeval history` (issue 13): three monthly extracts of one cohort run
 * in sequence against one database; history --json lists three complete runs, each with its
 * published headline figures, and the third report's trend chart draws all three. A rerun on
 * the same data replaces its point in the trend, so it writes the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { resultsSchema } from '../../../schemas/results.ts';
import { runRecordSchema } from '../../../schemas/runHistory.ts';
import { scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');
const MONTHS = ['2026-08-31', '2026-09-30', '2026-10-31'];

describe('the run registry and progeval history', () => {
  const root = scratchDir('progeval-history-');
  const db = join(root, 'registry.db');
  const outs = MONTHS.map((_, i) => join(root, `out-${i + 1}`));

  beforeAll(async () => {
    for (const [i, date] of MONTHS.entries()) {
      const extract = join(root, `extract-${date}`);
      await generateExtract({ out: extract, people: 900, seed: 5, extractDate: date });
      const run = await runCli('run', '--extract', extract, '--plan', PLAN, '--out', outs[i]!, '--db', db, '--progress', 'none');
      expect(run.code, run.stderr).toBe(0);
    }
  }, 600_000);

  it('lists three complete runs with the batches they read and the figures they published', async () => {
    const history = await runCli('history', '--db', db, '--json');
    expect(history.code, history.stderr).toBe(0);
    const { runs } = JSON.parse(history.stdout) as { runs: unknown[] };
    const parsed = runs.map((r) => runRecordSchema.parse(r));
    expect(parsed.map((r) => [r.status, r.extract_date, r.batches])).toEqual([
      ['complete', '2026-08-31', [1]],
      ['complete', '2026-09-30', [1, 2]],
      ['complete', '2026-10-31', [1, 2, 3]],
    ]);
    expect(new Set(parsed.map((r) => r.plan_sha256)).size).toBe(1);
    // Each run's figures are those its results.json published.
    for (const [i, run] of parsed.entries()) {
      const results = resultsSchema.parse(JSON.parse(readFileSync(join(outs[i]!, 'results.json'), 'utf8')));
      const byKey = <T extends { key: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.key < b.key ? -1 : 1));
      expect(byKey(run.estimates)).toEqual(byKey(results.history.at(-1)!.estimates));
      const verdicts = run.estimates.filter((e) => e.kind === 'verdict');
      expect(verdicts).toHaveLength(results.verdicts.length);
      for (const v of results.verdicts) expect(verdicts).toContainEqual(expect.objectContaining({ comparison: v.comparison, estimate: v.estimate, ci_low: v.ci_low, ci_high: v.ci_high, verdict: v.verdict }));
      expect(run.estimates.some((e) => e.kind === 'ancova')).toBe(true);
      expect(run.estimates.some((e) => e.kind === 'cox')).toBe(true);
      expect(run.output_sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const text = await runCli('history', '--db', db);
    expect(text.stdout).toMatch(/run 1 \(2026-08-31\)\s+run 2 \(2026-09-30\)\s+run 3 \(2026-10-31\)/);
  });

  it('draws the three runs in the last report\'s trend chart, and a rerun on the same data writes the same bytes', async () => {
    const results = resultsSchema.parse(JSON.parse(readFileSync(join(outs[2]!, 'results.json'), 'utf8')));
    expect(results.history.map((h) => h.extract_date)).toEqual(MONTHS);
    const chart = JSON.parse(readFileSync(join(outs[2]!, 'charts', 'trend-programme.vl.json'), 'utf8')) as { vconcat: { data: { values: { run: string }[] } }[] };
    expect(chart.vconcat.length).toBeGreaterThan(0);
    expect(chart.vconcat[0]!.data.values.map((v) => v.run)).toEqual(MONTHS.map((m, i) => `${i + 1}: ${m}`));
    const before = readFileSync(join(outs[2]!, 'results.json'), 'utf8');
    const again = await runCli('run', '--plan', PLAN, '--out', outs[2]!, '--db', db, '--progress', 'none', '--json');
    expect(again.code, again.stderr).toBe(0);
    // run --json: the run's id in the registry, where it wrote, and the answers, for a scheduler.
    const summary = JSON.parse(again.stdout) as { run_id: number; results: string; verdicts: unknown[]; withheld: { low: number } };
    expect(summary.run_id).toBe(4);
    expect(summary.results).toBe(join(outs[2]!, 'results.json'));
    expect(summary.verdicts).toHaveLength(results.verdicts.length);
    expect(summary.withheld.low).toBe(results.disclosure.suppressed_by_reason.low);
    expect(readFileSync(join(outs[2]!, 'results.json'), 'utf8')).toBe(before);
  }, 240_000);
});
