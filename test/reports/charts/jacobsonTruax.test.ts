import { beforeAll, describe, expect, it } from 'vitest';
import { gridWithheldLine, guideSegments, jacobsonTruaxChart } from '../../../reports/charts/jacobsonTruax.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows, subtitleOf } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, SAMPLE, sampleResults } from '../support/sampleResults.ts';

describe('jacobsonTruaxChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws a renderable chart per comparison and measure with bins, or says in one line why a grid is withheld', async () => {
    const charts = jacobsonTruaxChart(real);
    expect(charts.length).toBeGreaterThan(0);
    const withheldMeasures = new Set(real.attitudes.change.map((c) => c.measure).filter((m) => !real.attitudes.jacobson_truax.some((b) => b.measure === m)));
    for (const chart of charts) {
      const svg = await expectRenderableChart(chart);
      if (chart.id === 'jacobson-truax-withheld') {
        expect(withheldMeasures.size).toBeGreaterThan(0);
        expect(svg).toContain('>grid withheld: even 2 × 2 bins would show fewer than 10 people; see the reliable change counts.<');
      } else {
        expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
        expect(svg).toMatch(/<line /);
      }
    }
  });

  it('draws coarse bins at their own width, one chart per comparison and measure that has bins', () => {
    const results = sampleResults();
    const charts = jacobsonTruaxChart(results);
    expect(charts.map((c) => c.id)).toEqual([
      'jacobson-truax-programme-offence-supportive-attitudes',
      'jacobson-truax-programme-self-management',
      'jacobson-truax-band-offence-supportive-attitudes',
      'jacobson-truax-band-self-management',
      'jacobson-truax-programme-vs-none-offence-supportive-attitudes',
      'jacobson-truax-programme-vs-none-self-management',
      'jacobson-truax-withheld',
    ]);
    const coarse = charts.find((c) => c.id === 'jacobson-truax-programme-self-management')!;
    const rects = inlineRows(coarse.spec).filter((r) => 'count' in r);
    expect(rects.length).toBeGreaterThan(0);
    expect(rects.every((r) => (r['pre_high'] as number) - (r['pre_low'] as number) === 12 && (r['post_high'] as number) - (r['post_low'] as number) === 12)).toBe(true);
    expect(subtitleOf(coarse)).toMatch(/squares are 12 points wide \(5 a side\)/);
    expect(subtitleOf(coarse)).toMatch(/coarser than 10 a side/);
    const fine = charts.find((c) => c.id === 'jacobson-truax-programme-offence-supportive-attitudes')!;
    expect(subtitleOf(fine)).toMatch(/squares are 10 points wide \(10 a side\)/);
    expect(subtitleOf(fine)).not.toMatch(/coarser/);
  });

  it('never draws where [low] counts sit, and draws a [c] bin hatched and labelled [c], never coloured as a count', async () => {
    const results = sampleResults();
    const charts = jacobsonTruaxChart(results);
    for (const chart of charts) {
      const text = JSON.stringify(chart.spec);
      expect(text).not.toContain('<10');
      expect(text).not.toContain('#D9D9D9');
      const rows = inlineRows(chart.spec);
      expect(rows.filter((r) => 'count' in r).every((r) => typeof r['count'] === 'number' && (r['count'] as number) >= 10)).toBe(true);
      expect(rows.some((r) => r['count_label'] === '[low]')).toBe(false);
    }
    const band = charts.find((c) => c.id === 'jacobson-truax-band-self-management')!;
    expect(JSON.stringify(band.spec)).not.toContain('Band 3 facilitators"');
    expect(subtitleOf(band)).toMatch(/Not shown: Band 3 facilitators \[low\]/);
    const { comparison, measure, pre_low, post_low } = SAMPLE.secondaryBin;
    const chart = charts.find((c) => c.id === `jacobson-truax-${comparison}-${measure.replace(/_/g, '-')}`)!;
    const labelled = inlineRows(chart.spec).filter((r) => r['count_label'] === '[c]');
    expect(labelled.length).toBeGreaterThan(0);
    expect(labelled.every((r) => r['pre_low'] === pre_low && r['post_low'] === post_low && !('count' in r))).toBe(true);
    expect(inlineRows(chart.spec).filter((r) => 'x2' in r && r['x'] === pre_low && r['y'] === post_low)).toHaveLength(1);
    expect(subtitleOf(chart)).toMatch(/Hatched squares marked \[c\] are withheld to protect another figure/);
    const svg = await expectRenderableChart(chart);
    expect(svg).toContain('[c]');
  });

  it('draws no empty grid for a measure without bins: it leaves the chart out and says why in one line', async () => {
    const results = sampleResults();
    const charts = jacobsonTruaxChart(results);
    expect(charts.some((c) => c.id.endsWith(SAMPLE.gridWithheld.replace(/_/g, '-')))).toBe(false);
    const note = charts.find((c) => c.id === 'jacobson-truax-withheld')!;
    expect(inlineRows(note.spec).map((r) => r['text'])).toEqual(['Victim empathy distortions', 'grid withheld: even 2 × 2 bins would show fewer than 10 people; see the reliable change counts.']);
    const svg = await expectRenderableChart(note);
    expect(svg).toContain('>Victim empathy distortions<');
    expect(svg).toContain('>grid withheld: even 2 × 2 bins would show fewer than 10 people; see the reliable change counts.<');
    expect(gridWithheldLine(5)).toBe('grid withheld: even 2 × 2 bins would show fewer than 5 people; see the reliable change counts.');
    const onlyWithheld = { ...results, attitudes: { ...results.attitudes, jacobson_truax: [] } };
    expect(jacobsonTruaxChart(onlyWithheld).map((c) => c.id)).toEqual(['jacobson-truax-withheld']);
  });

  it('puts the reliable change lines at post = pre ± threshold and the cut-off on both axes', () => {
    const segments = guideSegments(0, 60, { comparison: 'c', level: 'l', measure: 'm', threshold: 8, csc_cutoff: 36 });
    expect(segments).toEqual([
      { line: 'No change', x: 0, y: 0, x2: 60, y2: 60 },
      { line: 'Reliable change band', x: 0, y: 8, x2: 52, y2: 60 },
      { line: 'Reliable change band', x: 8, y: 0, x2: 60, y2: 52 },
      { line: 'Clinical cut-off', x: 36, y: 0, x2: 36, y2: 60 },
      { line: 'Clinical cut-off', x: 0, y: 36, x2: 60, y2: 36 },
    ]);
    expect(guideSegments(0, 60, { comparison: 'c', level: 'l', measure: 'm', threshold: null, csc_cutoff: null, suppressed: ['threshold'] })).toHaveLength(1);
  });

  it('explains an empty section', async () => {
    expect(await expectRenderableChart(jacobsonTruaxChart(emptyResults())[0]!)).toContain('No binned');
  });
});
