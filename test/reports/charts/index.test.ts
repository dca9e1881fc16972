import { beforeAll, describe, expect, it } from 'vitest';
import { allCharts } from '../../../reports/charts/index.ts';
import type { Results } from '../../../schemas/results.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults } from '../support/sampleResults.ts';

const ORDER = ['flow', 'change', 'jacobson-truax', 'ancova', 'rates', 'survival', 'cox', 'balance', 'monitoring', 'cusum', 'trend'];
const section = (id: string) => ORDER.findIndex((prefix) => id === prefix || id.startsWith(`${prefix}-`));

describe('allCharts', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('lists every chart once, in report order', () => {
    const ids = allCharts(real).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sections = ids.map(section);
    expect(sections.every((s) => s >= 0)).toBe(true);
    expect(sections).toEqual([...sections].sort((a, b) => a - b));
    expect(new Set(sections).size).toBe(ORDER.length);
  });

  it('still gives a chart for every section when all are empty', () => {
    const ids = allCharts(emptyResults()).map((c) => c.id);
    expect(ids).toEqual(['flow', 'change', 'jacobson-truax', 'ancova', 'rates', 'survival', 'cox', 'balance', 'monitoring-quarterly', 'monitoring-regions', 'cusum', 'trend']);
  });
});
