/**
 * The report's tables show words where the results hold codes, and the CSV keeps the codes
 * (reports/tables/resultTables.ts): comparisons, levels, measures, covariates and verdicts.
 */
import { describe, expect, it } from 'vitest';
import { cellText, resultTables } from '../../../reports/tables/resultTables.ts';
import { sampleResults } from '../support/sampleResults.ts';

describe('resultTables', () => {
  const results = sampleResults();
  const tables = resultTables(results);
  const cells = (id: string, key: string, forCsv: boolean) => {
    const table = tables.find((t) => t.id === id)!;
    const column = table.columns.find((c) => c.key === key)!;
    return [...new Set(table.rows.map((row) => cellText(row, column, forCsv)))];
  };

  it('shows comparisons, levels and measures by name in the report, by code in the CSV', () => {
    expect(cells('attitude_change', 'comparison', false)).toContain('Building Choices vs Legacy specialist programmes, holding facilitator band fixed');
    expect(cells('attitude_change', 'comparison', true)).toContain('programme');
    expect(cells('attitude_change', 'level', false)).toContain('Band 3 facilitators');
    expect(cells('attitude_change', 'level', true)).toContain('band_3');
    expect(cells('attitude_change', 'measure', false)).toContain('Self-management and problem solving');
    expect(cells('attitude_change', 'measure', true)).toContain('self_management');
  });

  it('leaves no code with an underscore in any text column of the report', () => {
    for (const table of tables) {
      for (const column of table.columns.filter((c) => c.kind === 'text')) {
        for (const row of table.rows) expect(cellText(row, column, false), `${table.id}.${column.key}`).not.toMatch(/\b[a-z]+_[a-z0-9_]+\b/);
      }
    }
  });
});
