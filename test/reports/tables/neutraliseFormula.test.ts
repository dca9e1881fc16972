import { describe, expect, it } from 'vitest';
import { cellText } from '../../../reports/tables/resultTables.ts';
import { neutraliseFormula } from '../../../reports/tables/neutraliseFormula.ts';

describe('neutraliseFormula (OWASP CSV injection)', () => {
  it('prefixes a cell that a spreadsheet would run as a formula', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseFormula(text)).toBe(`'${text}`);
  });
  it('leaves ordinary text alone', () => {
    for (const text of ['North West', 'band_3', "Yorkshire and the Humber", '']) expect(neutraliseFormula(text)).toBe(text);
  });
  it('is applied to text from the data in CSV cells, and never to numbers', () => {
    const column = { key: 'level', label: 'Level', kind: 'text' as const, path: 'level' };
    expect(cellText({ level: '=cmd|/C calc!A0' }, column, true)).toBe("'=cmd|/C calc!A0");
    expect(cellText({ level: '=cmd|/C calc!A0' }, column, false)).toBe('=cmd|/C calc!A0');
    expect(cellText({ estimate: -1.25 }, { key: 'estimate', label: 'Estimate', kind: 'number', path: 'estimate' }, true)).toBe('-1.25');
  });
});
