/**
 * `progeval export` (issue 13): the analysis-ready dataset for approved academic partners.
 * The test plays the partner: from the export alone (no database, no pseudonyms) it re-derives
 * published numbers of the report made from the same data (a Cox hazard ratio with its
 * cluster-robust error, a Kaplan–Meier curve, an ANCOVA with CR2 errors) and finds them equal. It also checks that no
 * pseudonym is in the export, that it is marked row-level, and that exports and reports are
 * kept apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { ancova } from '../../../pipeline/analyse/stats/ancova.ts';
import { coxProportionalHazards } from '../../../pipeline/analyse/stats/coxProportionalHazards.ts';
import { kaplanMeier } from '../../../pipeline/analyse/stats/kaplanMeier.ts';
import type { Results } from '../../../schemas/results.ts';
import { scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');
const DATASET = 'analysis-dataset.NOT-FOR-PUBLICATION.csv';

type Row = Record<string, string>;
const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));

describe('progeval export', () => {
  const root = scratchDir('progeval-export-');
  const db = join(root, 'progeval.db');
  const extract = join(root, 'extract');
  const out = join(root, 'report');
  const exported = join(root, 'export');
  let rows: Row[];
  let results: Results;

  beforeAll(async () => {
    // Two years on, so that 12-month reoffending is published.
    await generateExtract({ out: extract, people: 800, seed: 5, extractDate: '2028-10-31' });
    expect((await runCli('ingest', extract, '--db', db, '--quiet')).code).toBe(0);
    const run = await runCli('run', '--db', db, '--plan', PLAN, '--out', out, '--quiet');
    expect(run.code, run.stderr).toBe(0);
    const ex = await runCli('export', '--db', db, '--plan', PLAN, '--out', exported, '--json');
    expect(ex.code, ex.stderr).toBe(0);
    expect(JSON.parse(ex.stdout)).toMatchObject({ row_level: true, not_for_publication: true, comparisons: 5 });
    rows = parse(readFileSync(join(exported, DATASET)), { columns: true }) as Row[];
    results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  }, 300_000);

  it('gives back the published Cox hazard ratio and its cluster-robust standard error', () => {
    const fit = results.reconviction.cox.find((c) => c.comparison === 'programme' && !c.adjusted)!;
    expect(fit.adjust_for).toEqual(['facilitator_band']);
    const here = rows.filter((x) => x.comparison === 'programme' && x.time_days !== '');
    const bands = [...new Set(here.map((x) => x.facilitator_band))].sort();
    const again = coxProportionalHazards({
      time: here.map((x) => Number(x.time_days)),
      event: here.map((x) => Number(x.event)),
      covariates: { treatment: here.map((x) => Number(x.treated)), ...Object.fromEntries(bands.slice(1).map((b) => [b, here.map((x) => (x.facilitator_band === b ? 1 : 0))])) },
      // A person without a group is a cluster of their own.
      cluster: here.map((x) => (x.group === '' ? `person ${x.person}` : `group ${x.group}`)),
    });
    const treatment = again.terms.find((t) => t.term === 'treatment')!;
    expect(treatment.hazardRatio).toBeCloseTo(fit.hr!, 10);
    expect(treatment.robustSe).toBeCloseTo(fit.se!, 10);
  });

  it('gives back a published Kaplan–Meier curve', () => {
    const curve = results.reconviction.survival.filter((s) => s.comparison === 'programme' && s.level === 'legacy_specialist' && s.surv !== null);
    expect(curve.length).toBeGreaterThan(3);
    const here = rows.filter((x) => x.comparison === 'programme' && x.level === 'legacy_specialist' && x.time_days !== '');
    const km = kaplanMeier(here.map((x) => Number(x.time_days)), here.map((x) => Number(x.event)));
    for (const point of curve) {
      const step = km.rows.filter((k) => k.time <= point.time_days).at(-1)!;
      expect(step.survival).toBeCloseTo(point.surv!, 12);
    }
  });

  it('gives back a published ANCOVA (estimate, CR2 standard error, df), clustered on the exported group numbers', () => {
    const fit = results.attitudes.ancova.find((a) => a.comparison === 'programme' && !a.adjusted && a.weighting === 'none' && a.measure === 'offence_supportive_attitudes')!;
    expect(fit.adjust_for).toEqual(['facilitator_band']);
    const here = rows.filter((x) => x.comparison === 'programme');
    const measure = 'offence_supportive_attitudes';
    const bands = [...new Set(here.map((x) => x.facilitator_band))].sort();
    const again = ancova({
      pre: here.map((x) => num(x[`${measure}_pre`])),
      post: here.map((x) => num(x[`${measure}_post`])),
      indicator: here.map((x) => Number(x.treated)),
      cluster: here.map((x) => (x.group === '' ? null : x.group)),
      covariates: Object.fromEntries(bands.slice(1).map((b) => [b, here.map((x) => (x.facilitator_band === b ? 1 : 0))])),
    });
    expect(again.estimate).toBeCloseTo(fit.estimate!, 10);
    expect(again.se).toBeCloseTo(fit.se!, 10);
    expect(again.df).toBeCloseTo(fit.df!, 8);
  });

  it('holds no pseudonym, and says it is row-level data not for publication', () => {
    const pseudonyms = new Set<string>();
    for (const [file, column] of [['people.csv', 'person_id'], ['groups.csv', 'group_id'], ['enrolments.csv', 'enrolment_id']] as const) {
      for (const r of parse(readFileSync(join(extract, file)), { columns: true }) as Row[]) pseudonyms.add(r[column]!);
    }
    for (const file of readdirSync(exported)) {
      const text = readFileSync(join(exported, file), 'utf8');
      expect(text.match(/(per|grp|enr)-\d+/g), file).toBeNull();
    }
    expect(pseudonyms.size).toBeGreaterThan(800);
    const manifest = JSON.parse(readFileSync(join(exported, 'manifest.json'), 'utf8'));
    expect(manifest.export).toMatchObject({ row_level: true });
    expect(manifest.export.notice).toContain('NOT FOR PUBLICATION');
    expect(readFileSync(join(exported, 'NOT-FOR-PUBLICATION.txt'), 'utf8')).toContain('ROW-LEVEL DATA: NOT FOR PUBLICATION');
    const codebook = parse(readFileSync(join(exported, 'codebook.csv')), { columns: true }) as Row[];
    expect(codebook.map((c) => c.column)).toEqual(Object.keys(rows[0]!));
    // Each person once per comparison.
    for (const comparison of new Set(rows.map((r) => r.comparison))) {
      const people = rows.filter((r) => r.comparison === comparison).map((r) => r.person);
      expect(new Set(people).size).toBe(people.length);
    }
  });

  it('writes the same bytes again', async () => {
    const again = join(root, 'export-again');
    expect((await runCli('export', '--db', db, '--plan', PLAN, '--out', again, '--quiet')).code).toBe(0);
    expect(readFileSync(join(again, DATASET))).toEqual(readFileSync(join(exported, DATASET)));
  }, 120_000);

  it('is kept apart from reports: never inside or in place of a report folder, and the other way round', async () => {
    const inside = await runCli('export', '--db', db, '--plan', PLAN, '--out', join(out, 'partners'));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/is inside .*report.*a report's output folder/);
    const over = await runCli('export', '--db', db, '--plan', PLAN, '--out', out);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain("is a report's output folder (progeval run)");
    const reportOver = await runCli('run', '--db', db, '--plan', PLAN, '--out', exported);
    expect(reportOver.code).toBe(2);
    expect(reportOver.stderr).toContain('is a row-level export for academic partners');
    const reproduce = await runCli('reproduce', join(exported, 'manifest.json'), '--extract', extract);
    expect(reproduce.code).toBe(2);
    expect(reproduce.stderr).toContain('row-level export');
    // Refused outputs were not touched.
    expect(readdirSync(exported).sort()).toEqual(['NOT-FOR-PUBLICATION.txt', DATASET, 'codebook.csv', 'manifest.json', 'plan.yaml'].sort());
  }, 120_000);
});
