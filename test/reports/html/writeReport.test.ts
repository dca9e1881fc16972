import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type WrittenReport } from '../../../reports/writeReport.ts';
import type { DisclosedResults } from '../../../schemas/results.ts';
import { scratchDir } from '../../support/extracts.ts';
import { sampleLog, sampleResults } from '../support/sampleResults.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('writeReport on hand-made results', () => {
  const out = scratchDir('progeval-write-');
  let written: WrittenReport;
  beforeAll(async () => {
    const results = sampleResults();
    written = await writeReport(out, results as DisclosedResults, { progeval: '0.1.0' }, () => {}, sampleLog(results));
  }, 120_000);

  it('writes [low] and [c] into the CSV cells of withheld values', () => {
    const rows = parse(readFileSync(join(out, 'tables', 'participant_flow.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r['comparison'] === 'band' && r['level'] === 'band_3')?.['completed']).toBe('[c]');
    expect(rows.find((r) => r['comparison'] === 'programme' && r['level'] === 'building_choices')?.['classed_24']).toBe('[low]');
    const regions = parse(readFileSync(join(out, 'tables', 'monitoring_regions.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(regions.find((r) => r['region'] === 'Wales')).toEqual({ region: 'Wales', n: '[c]', observed: '[c]', expected: '[c]', ratio: '[c]' });
    const rates = readFileSync(join(out, 'tables', 'reoffending_rates.csv'), 'utf8');
    expect(rates).toContain('[low]');
    expect(rates).toContain('[c]');
  });

  it('prints <10 and a bare "suppressed" nowhere: not in the report, the tables or the charts', () => {
    for (const file of filesUnder(out).filter((f) => !f.endsWith('results.json') && !f.endsWith('disclosure-log.json'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/<10|&lt;10/);
      expect(text, file).not.toMatch(/>suppressed<|"suppressed"|,suppressed,/);
    }
  });

  it('writes the disclosure log beside the report', () => {
    expect(JSON.parse(readFileSync(written.log, 'utf8'))).toMatchObject({ min_cell: 10, release: { id: 3 } });
  });
});
