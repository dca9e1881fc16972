/**
 * What a run publishes, end to end, on a generated cohort with a region named
 * `<script>alert(1)</script>`: every output is written; no pseudonym of the input (person,
 * enrolment, group, facilitator) appears in any output file; withheld values read [low] or
 * [c], never <10; and report.html, opened from file:// in real headless Chromium, makes no
 * network request, logs no console error, runs no script, draws SVG marks in every chart,
 * shows the region's name as text and has its Disclosure control section. A second run of
 * the same extract with min_cell 5 is stamped NOT FOR PUBLICATION at the top and on every
 * printed page. Screenshots go to test/artifacts/: report.png, report-top.png,
 * report-disclosure.png, report-not-for-publication.png and report-not-for-publication-print.png.
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
/** The same extract run with min_cell 5: not for publication. */
const privateOut = scratchDir('progeval-private-');
const NOT_FOR_PUBLICATION = 'NOT FOR PUBLICATION — min_cell 5 is below 10';

/** The few browser globals the page checks read (the project's types have no DOM library). */
interface Browserish {
  scrollY: number;
  innerHeight: number;
  getComputedStyle(element: unknown): { display: string; position: string };
}

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
  const db = join(scratchDir(), 'report.db');
  const run = await runCli('run', '--extract', extract, '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(join(out, 'report.html'));
  const privatePlan = join(scratchDir(), 'private-plan.yaml');
  writeFileSync(privatePlan, readFileSync(PLAN, 'utf8').replace('min_cell: 10', 'min_cell: 5'));
  const privateRun = await runCli('run', '--extract', extract, '--plan', privatePlan, '--out', privateOut, '--db', db, '--progress', 'none');
  expect(privateRun.code, privateRun.stderr).toBe(0);
}, 300_000);

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

  it('mark withheld values [low] or [c] in the tables, and never print <10', () => {
    const csv = filesUnder(join(out, 'tables')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(csv).toMatch(/(^|,)\[low\](,|$)/m);
    expect(csv).toMatch(/(^|,)\[c\](,|$)/m);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<td class="withheld">[low]</td>');
    expect(html).toContain('<td class="withheld">[c]</td>');
    expect(html).toContain('<p class="footnote">[low] fewer than 10 people (or too few for a model) · [c] withheld to protect another figure</p>');
    for (const file of filesUnder(out).filter((f) => /\.(html|svg|csv|vl\.json)$/.test(f))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/<10\b|&lt;10\b/);
    }
  });

  it('write the disclosure log, and stamp only the run below min_cell 10', () => {
    expect(JSON.parse(readFileSync(join(out, 'disclosure-log.json'), 'utf8'))).toMatchObject({ min_cell: 10, publishable: true });
    expect(JSON.parse(readFileSync(join(privateOut, 'results.json'), 'utf8')).disclosure).toMatchObject({ min_cell: 5, publishable: false });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).not.toContain('NOT FOR PUBLICATION');
    expect(readFileSync(join(privateOut, 'report.html'), 'utf8')).toContain(NOT_FOR_PUBLICATION);
  });

  it('escape the region name everywhere it reaches HTML or SVG', () => {
    for (const file of filesUnder(out).filter((f) => f.endsWith('.html') || f.endsWith('.svg'))) {
      expect(readFileSync(file, 'utf8'), file).not.toContain(HOSTILE_REGION);
    }
  });
});

/** What the readability checks read off the page at one width. */
interface PageReading {
  overflow: number;
  unnamedCharts: string[];
  visibleText: string;
  svgText: string;
  emptyFigures: { id: string; reason: string; pictures: number }[];
}

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
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true, timeout: 120_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'report-top.png') });
    await page.close();
  }, 240_000);

  it('shows the Disclosure control section, its withheld counts by identity only', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
    const heading = page.locator('h2#disclosure');
    expect(await heading.innerText()).toBe('Disclosure control');
    const facts = await page.locator('table.facts:not(.extract)').innerText();
    for (const fact of ['Threshold (min_cell)', 'May be published', 'Release', 'Values withheld', 'Narrowest protection interval']) expect(facts).toContain(fact);
    // The cover's facts about the extract (issue 16), under the headline's dates.
    const extract = await page.locator('#headline ~ table.extract').innerText();
    for (const fact of ['Extract taken', 'Reoffending observed to', 'Load batches', 'Rows refused at load', 'Rows withdrawn by a later snapshot']) expect(extract).toContain(fact);
    const log = JSON.parse(readFileSync(join(out, 'disclosure-log.json'), 'utf8')) as { withheld_cells: { cell: string }[] };
    await page.locator('table.withheld-cells').evaluate((t) => t.closest('details')!.setAttribute('open', ''));
    const rows = await page.locator('table.withheld-cells tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows.map((r) => r[0])).toEqual(log.withheld_cells.map((c) => c.cell));
    expect(rows.every((r) => r.length === 4 && (r[1] === '[low]' || r[1] === '[c]'))).toBe(true);
    expect(await page.locator('.stamp, .print-stamp').count()).toBe(0);
    // The section from its heading, in the viewport (a clip of a full-page picture of this long page is slow).
    await page.setViewportSize({ width: 1200, height: 1600 });
    await heading.evaluate((h) => h.scrollIntoView());
    await page.screenshot({ path: join(ARTIFACTS, 'report-disclosure.png') });
    await page.close();
  }, 60_000);

  it('stamps a report below min_cell 10 NOT FOR PUBLICATION at the top and on every printed page', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(join(privateOut, 'report.html')).href, { waitUntil: 'load' });
    const banner = page.locator('.stamp');
    expect(await banner.innerText()).toContain(NOT_FOR_PUBLICATION);
    const box = (await banner.boundingBox())!;
    expect(box.y).toBeLessThan(100);
    expect(box.height).toBeGreaterThan(20);
    expect(await page.locator('.print-stamp').evaluateAll((els) => els.map((e) => (globalThis as unknown as Browserish).getComputedStyle(e).display))).toEqual(['none', 'none']);
    await page.screenshot({ path: join(ARTIFACTS, 'report-not-for-publication.png') });

    await page.emulateMedia({ media: 'print' });
    const printed = await page.locator('.print-stamp').evaluateAll((els) =>
      els.map((e) => {
        const browserGlobals = globalThis as unknown as Browserish;
        const style = browserGlobals.getComputedStyle(e);
        const rect = e.getBoundingClientRect();
        return { text: e.textContent, display: style.display, position: style.position, top: Math.round(rect.top), bottom: Math.round(browserGlobals.innerHeight - rect.bottom) };
      }),
    );
    expect(printed).toEqual([
      { text: NOT_FOR_PUBLICATION, display: 'block', position: 'fixed', top: 0, bottom: expect.any(Number) },
      { text: NOT_FOR_PUBLICATION, display: 'block', position: 'fixed', top: expect.any(Number), bottom: 0 },
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-not-for-publication-print.png') });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.close();
  }, 60_000);

  describe('reads well at 1,280 and 800 px (issue 16)', () => {
    /** The codes a reader must never meet: comparison ids, level and measure codes, covariates (those with an underscore; plain words such as "band" may be prose). */
    function codes(): string[] {
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
        plan: { comparisons: { id: string; treatment: string; reference: string }[]; covariates: string[] };
        attitudes: { measures: { measure: string }[] };
      };
      const all = [
        ...results.plan.comparisons.flatMap((c) => [c.id, c.treatment, c.reference]),
        ...results.plan.covariates,
        ...results.attitudes.measures.map((m) => m.measure),
      ];
      return [...new Set(all)].filter((c) => c.includes('_'));
    }

    for (const width of [1280, 800]) {
      it(`at ${width} px: no page overflow, every chart named, words not codes, at most 4 decimals, no serious axe-core violation`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 }, bypassCSP: true });
        await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
        const reading = await page.evaluate((): PageReading => {
          // The DOM as the page sees it (the project's types have no DOM library).
          const doc = (globalThis as unknown as { document: any }).document;
          const name = (svg: any) =>
            (svg.getAttribute('aria-labelledby') ?? '')
              .split(' ')
              .map((id: string) => doc.getElementById(id)?.textContent ?? '')
              .join(' ')
              .trim();
          return {
            overflow: doc.documentElement.scrollWidth - doc.documentElement.clientWidth,
            unnamedCharts: [...doc.querySelectorAll('figure.chart')].filter((f: any) => !f.querySelector('svg') || f.querySelector('svg').getAttribute('role') !== 'img' || !name(f.querySelector('svg'))).map((f: any) => f.id),
            visibleText: doc.body.innerText,
            svgText: [...doc.querySelectorAll('figure.chart svg text')].map((t: any) => t.textContent).join('\n'),
            emptyFigures: [...doc.querySelectorAll('figure.chart-empty')].map((f: any) => ({ id: f.id, reason: f.querySelector('.chart-empty-reason, .chart-notes')?.textContent ?? '', pictures: f.querySelectorAll('svg').length })),
          };
        });
        expect(reading.overflow, 'horizontal page overflow (px)').toBeLessThanOrEqual(0);
        expect(reading.unnamedCharts).toEqual([]);
        const text = `${reading.visibleText}\n${reading.svgText}`;
        for (const code of codes()) expect(text.includes(code), `"${code}" in the visible text`).toBe(false);
        expect(text.match(/\d\.\d{5,}/g) ?? [], 'numbers with more than 4 decimals').toEqual([]);
        // A chart with nothing publishable is not drawn: one line says why.
        for (const f of reading.emptyFigures) {
          expect(f.pictures, f.id).toBe(0);
          expect(f.reason.length, f.id).toBeGreaterThan(20);
        }

        await page.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
        const violations = await page.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
          const result = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
          return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
        });
        expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, `report-${width}.png`) });
        await page.close();
      }, 180_000);
    }
  });
});
