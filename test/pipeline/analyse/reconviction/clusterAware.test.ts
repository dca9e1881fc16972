/**
 * Cluster-aware figures (issue 12, first part): for levels assigned per group the difference
 * of classed rates also gets the CR2 linear probability model's interval, clustered on group
 * (its estimate is the same difference: the LPM slope is the difference of the two
 * proportions), and the log-rank test its robust version clustered on group; comparisons not
 * assigned per group get null.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../../fixtures/generator/index.ts';
import { runAnalysis } from '../../../../pipeline/analyse/runAnalysis.ts';
import { openDatabase } from '../../../../pipeline/db/open.ts';
import { loadExtract } from '../../../../pipeline/load/loadExtract.ts';
import { planSchema } from '../../../../schemas/plan.ts';
import type { AnalysisResults } from '../../../../schemas/results.ts';
import { scratchDir } from '../../../support/extracts.ts';

let results: AnalysisResults;
beforeAll(async () => {
  const dir = join(scratchDir(), 'extract');
  await generateExtract({ out: dir, people: 1500, seed: 3, extractDate: '2028-10-31' });
  const database = await openDatabase(':memory:');
  await loadExtract(database, dir);
  results = await runAnalysis(
    database,
    planSchema.parse({
      comparisons: [
        { id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' },
        { id: 'programme_vs_none', by: 'arm', treatment: 'programme', reference: 'none' },
      ],
      windows: [12, 24],
    }),
  );
  await database.close();
}, 120_000);

describe('the cluster-aware risk difference', () => {
  it('gives levels assigned per group the CR2 interval, around the same difference', () => {
    const rows = results.reconviction.differences.filter((d) => d.comparison === 'programme' && d.category === 'any');
    expect(rows).toHaveLength(2);
    for (const d of rows) {
      expect(d.cluster).not.toBeNull();
      expect(d.cluster!.estimate).toBeCloseTo(d.difference!, 12);
      expect(d.cluster!.ci_low).toBeLessThan(d.cluster!.estimate);
      expect(d.cluster!.ci_high).toBeGreaterThan(d.cluster!.estimate);
      expect(d.cluster!.clusters).toBeGreaterThan(20);
      expect(d.cluster!.df).toBeGreaterThan(1);
    }
  });
  it('gives none to a comparison not assigned per group', () => {
    for (const d of results.reconviction.differences.filter((x) => x.comparison === 'programme_vs_none')) expect(d.cluster).toBeNull();
  });
  it('gives the log-rank test its robust version for levels assigned per group only', () => {
    const programme = results.reconviction.logrank.find((l) => l.comparison === 'programme')!;
    expect(programme.robust_chisq).toBeGreaterThan(0);
    expect(programme.robust_p).toBeGreaterThan(0);
    expect(programme.robust_p).toBeLessThanOrEqual(1);
    expect(results.reconviction.logrank.find((l) => l.comparison === 'programme_vs_none')!.robust_p).toBeNull();
  });
  it('judges both levels\' reliable change by one yardstick: the norm SD, else the pooled pre SD', () => {
    for (const m of results.attitudes.measures) {
      const rows = results.attitudes.change.filter((c) => c.comparison === 'programme' && c.measure === m.measure);
      expect(rows).toHaveLength(2);
      expect(rows[0]!.rci_sd).toBe(rows[1]!.rci_sd);
      expect(rows[0]!.rci_sd_source).toBe(m.norm_sd !== null ? 'norm_sd' : 'pooled_pre');
      if (m.norm_sd !== null) expect(rows[0]!.rci_sd).toBe(m.norm_sd);
      const bands = results.attitudes.reliable_change_bands.filter((b) => b.comparison === 'programme' && b.measure === m.measure);
      expect(bands[0]!.threshold).toBeCloseTo(bands[1]!.threshold!, 12);
    }
  });
});
