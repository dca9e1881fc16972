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

  it('reads a risk difference verdict in percentage points and a hazard ratio as a ratio; the CSV keeps the proportion', () => {
    const verdict = { comparison: 'programme', outcome: 'reoffending' as const, measure: null, method: 'matched' as const, estimate: -0.0213, ci_low: -0.09, ci_high: 0.05, margin: 0.03, margin_scale: 'risk_difference' as const, no_difference: 0, verdict: 'inconclusive' as const, note: null };
    const table = resultTables({ ...results, verdicts: [{ ...verdict, window_months: 12 }, { ...verdict, window_months: null, method: 'cox', estimate: 0.8, ci_low: 0.6, ci_high: 1.1, margin: 1.25, margin_scale: 'hazard_ratio', no_difference: 1 }] }).find((t) => t.id === 'verdicts')!;
    const text = (key: string, forCsv: boolean) => table.rows.map((row) => cellText(row, table.columns.find((c) => c.key === key)!, forCsv));
    expect(text('estimate', false)).toEqual(['-2.1 points', '0.80']);
    expect(text('margin', false)).toEqual(['3.0 points', '1.25']);
    expect(text('ci_low', false)).toEqual(['-9.0 points', '0.60']);
    expect(text('estimate', true)).toEqual(['-0.0213', '0.8']);
    expect(text('margin_scale', false)).toEqual(['Risk difference (percentage points)', 'Hazard ratio']);
  });
});
