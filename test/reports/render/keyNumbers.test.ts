/** A chart's key numbers in words, for its <desc> (reports/render/keyNumbers.ts). */
import { describe, expect, it } from 'vitest';
import { MOST_PER_UNIT, keyNumbers } from '../../../reports/render/keyNumbers.ts';
import { allCharts } from '../../../reports/charts/index.ts';
import { sampleResults } from '../support/sampleResults.ts';

const forestTooltip = [{ field: 'row', title: 'Row' }, { field: 'estimate', title: 'Estimate', format: '.2f' }, { field: 'ci_low', title: '95% CI from', format: '.2f' }];

describe('keyNumbers', () => {
  it('reads each mark its tooltip names, formatted as vega formats it, as its doc comment shows', () => {
    const spec = { data: { values: [{ row: 'Building Choices', estimate: -1.234, ci_low: -2, ci_high: -0.45 }] }, mark: 'point', encoding: { tooltip: forestTooltip } };
    expect(keyNumbers(spec, 'charts/forest.vl.json')).toBe('Row: Building Choices; Estimate: −1.23; 95% CI from: −2.00.');
  });

  it('reads layers and panels with the data they inherit or hold, and leaves out withheld numbers', () => {
    const spec = {
      data: { values: [{ row: 'Band 3', estimate: 0.5, ci_low: null }, { row: 'Band 4', estimate: null, ci_low: null }] },
      vconcat: [{ layer: [{ mark: 'rule' }, { mark: 'point', encoding: { tooltip: forestTooltip } }] }, { data: { values: [{ rate: 0.123 }] }, mark: 'bar', encoding: { tooltip: [{ field: 'rate', title: 'Rate', format: '.1%' }] } }],
    };
    expect(keyNumbers(spec, 'x')).toBe('Row: Band 3; Estimate: 0.50. Rate: 12.3%.');
  });

  it("heads each panel's marks with the panel's title, not the chart's", () => {
    const spec = { title: 'The chart', vconcat: [{ title: { text: 'Victim empathy' }, data: { values: [{ rate: 0.5 }] }, mark: 'bar', encoding: { tooltip: [{ field: 'rate', title: 'Rate', format: '.0%' }] } }] };
    expect(keyNumbers(spec, 'x')).toBe('Victim empathy: Rate: 50%.');
  });

  it('counts rather than reads a long series, and says where the rest are', () => {
    const values = Array.from({ length: MOST_PER_UNIT + 5 }, (_, i) => ({ months: i, surv: 1 - i / 100 }));
    const text = keyNumbers({ data: { values }, mark: 'line', encoding: { tooltip: [{ field: 'months', title: 'Months' }, { field: 'surv', title: 'Not yet reoffended', format: '.1%' }] } }, 'charts/km.vl.json');
    expect(text.split('. ').length).toBe(MOST_PER_UNIT + 1);
    expect(text.endsWith('5 more marks like these are in charts/km.vl.json.')).toBe(true);
  });

  it("gives every drawn chart of a sample report some key numbers, none with more than 4 decimals", () => {
    const drawn = allCharts(sampleResults()).filter((c) => c.reason === undefined && c.notes === undefined);
    expect(drawn.length).toBeGreaterThan(5);
    for (const chart of drawn) {
      const text = keyNumbers(chart.spec, `charts/${chart.id}.vl.json`);
      expect(text, chart.id).toMatch(/\d/);
      expect(text, chart.id).not.toMatch(/\d\.\d{5,}/);
    }
  });
});
