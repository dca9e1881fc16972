/**
 * What a run publishes, end to end, on a generated cohort with a region named
 * `<script>alert(1)</script>`: every output is written; no pseudonym of the input (person,
 * enrolment, group, facilitator) appears in any output file; and report.html, opened from
 * file:// in real headless Chromium, makes no network request, logs no console error, runs
 * no script, draws SVG marks in every chart and shows the region's name as text. A
 * screenshot goes to test/artifacts/report.png.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../fixtures/generator/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { scratchDir } from '../support/extracts.ts';
import { runCli } from '../support/runCli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PLAN = join(ROOT, 'fixtures/plans/building-choices.yaml');
const ARTIFACTS = join(ROOT, 'test/artifacts');
const HOSTILE_REGION = '<script>alert(1)</script>';

const extract = join(scratchDir(), 'extract');
const out = scratchDir('progeval-report-');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function column(file: string, name: string): string[] {
  const [header, ...lines] = readFileSync(join(extract, file), 'utf8').trim().split('\n');
  const at = header!.split(',').indexOf(name);
  return lines.map((l) => l.split(',')[at]!);
}

beforeAll(async () => {
  await generateExtract({ out: extract, people: 2500, seed: 4 });
  const groups = join(extract, 'groups.csv');
  writeFileSync(groups, readFileSync(groups, 'utf8').replaceAll(',Wales,', `,${HOSTILE_REGION},`));
  const run = await runCli('run', '--extract', extract, '--plan', PLAN, '--out', out, '--db', join(scratchDir(), 'report.db'), '--progress', 'none');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(join(out, 'report.html'));
}, 180_000);

describe('the published outputs', () => {
  it('are all written: report, results, chart specs and SVGs, tables', () => {
    const files = filesUnder(out).map((f) => f.slice(out.length + 1));
    expect(files).toContain('report.html');
    expect(files).toContain('results.json');
    const specs = files.filter((f) => f.startsWith('charts/') && f.endsWith('.vl.json'));
    expect(specs.length).toBeGreaterThanOrEqual(9);
    for (const spec of specs) {
      expect(files).toContain(spec.replace('.vl.json', '.svg'));
      expect(JSON.parse(readFileSync(join(out, spec), 'utf8'))).toHaveProperty('$schema');
    }
    expect(files.filter((f) => f.startsWith('tables/') && f.endsWith('.csv')).length).toBeGreaterThanOrEqual(10);
  });

  it('hold no pseudonym of the input, in any file', () => {
    const ids = [
      ...column('people.csv', 'person_id'),
      ...column('enrolments.csv', 'enrolment_id'),
      ...column('groups.csv', 'group_id'),
      ...column('facilitators.csv', 'facilitator_id'),
    ];
    expect(ids.length).toBeGreaterThan(5000);
    const idPattern = /\b(per|enr|grp|fac)-\d+\b/g;
    const known = new Set(ids);
    for (const file of filesUnder(out)) {
      const text = readFileSync(file, 'utf8');
      const found = [...text.matchAll(idPattern)].map((m) => m[0]).filter((id) => known.has(id));
      expect(found, file).toEqual([]);
      for (const id of ids.slice(0, 200)) expect(text.includes(id), `${id} in ${file}`).toBe(false);
    }
  });

  it('escape the region name everywhere it reaches HTML or SVG', () => {
    for (const file of filesUnder(out).filter((f) => f.endsWith('.html') || f.endsWith('.svg'))) {
      expect(readFileSync(file, 'utf8'), file).not.toContain(HOSTILE_REGION);
    }
  });
});

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens offline with no request, no console error and no script, and draws every chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    const dialogs: string[] = [];
    const url = pathToFileURL(join(out, 'report.html')).href;
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });

    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);

    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => ({
        id: f.id,
        marks: f.querySelectorAll('svg [class^="mark-"] path, svg [class^="mark-"] rect, svg [class^="mark-"] line, svg [class^="mark-"] text').length,
        box: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
      })),
    );
    expect(charts.length).toBeGreaterThanOrEqual(9);
    for (const c of charts) {
      expect(c.marks, c.id).toBeGreaterThan(0);
      expect(c.box, c.id).toBeGreaterThan(50);
    }
    expect(await page.locator('body').innerText()).toContain(HOSTILE_REGION);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-top.png') });
    await page.close();
  }, 120_000);
});
