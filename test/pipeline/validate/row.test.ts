/**
 * Row checks for content that is never loaded: control characters and line breaks in a
 * cell, and a row over the byte limit. The row goes to quarantine with its column named and
 * the value withheld.
 */
import { join } from 'node:path';
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groups } from '../../../schemas/contract/index.ts';
import { checkHeader, type HeaderPlan } from '../../../pipeline/validate/header.ts';
import { validateRow } from '../../../pipeline/validate/row.ts';
import { WITHHELD } from '../../../pipeline/validate/refusal.ts';
import { overlaidExtract, scratchDir } from '../../support/extracts.ts';
import { storedRows, storedText } from '../../support/storedDatabase.ts';
import { runCli } from '../../support/runCli.ts';

const HEADER = ['group_id', 'programme', 'intensity', 'setting', 'region', 'start_date', 'end_date'];
const plan = (): HeaderPlan => {
  const checked = checkHeader(groups, { line: 1, cells: HEADER }, false);
  if (!checked.plan) throw new Error('header refused');
  return checked.plan;
};
const row = (region: string) => ['grp-009', 'horizon', 'moderate', 'community', region, '2024-03-04', ''];

describe('control characters in a cell', () => {
  it.each([
    ['NUL', 'North\u0000West'],
    ['a tab', 'North\tWest'],
    ['a line feed inside quoted text', 'North\nWest'],
    ['a carriage return', 'North West\r'],
    ['escape (C0)', 'North \u001b[31mWest'],
    ['DEL', 'North\u007fWest'],
    ['a C1 control', 'North\u0085West'],
    ['a Unicode line separator', 'North\u2028West'],
  ])('refuses the row for %s, naming the column and withholding the value', (_name, region) => {
    const result = validateRow(groups, plan(), { line: 7, cells: row(region) });
    expect(result.refusal).toMatchObject({ file: 'groups.csv', line: 7, column: 'region', reasonCode: 'control_character' });
    expect(result.refusal!.reason).not.toContain(region);
    expect(result.refusal!.row).toMatchObject({ region: WITHHELD, group_id: 'grp-009' });
  });

  it('accepts ordinary text, accents and non-Latin scripts', () => {
    for (const region of ['North West', 'Ynys Môn', 'Cymru — Wales', '北西']) expect(validateRow(groups, plan(), { line: 2, cells: row(region) }).refusal).toBeUndefined();
  });

  it('quarantines such a row at load and stores none of it', async () => {
    const extract = overlaidExtract(null);
    appendFileSync(join(extract, 'groups.csv'), 'grp-003,horizon,moderate,community,"North\nSECRETWEST\u0007",2024-03-04,\n');
    const db = join(scratchDir(), 'test.db');
    const run = await runCli('ingest', extract, '--db', db, '--progress', 'none');
    expect(run.code).toBe(0);
    // A row is placed on the line where it ends (as for every row): the quoted text's second line.
    expect(run.stdout).toContain('groups.csv:5:region: ');
    expect(run.stdout).toContain('[control_character]');
    expect(await storedRows(db, "select line, column_name, reason_code from quarantine where file = 'groups.csv'")).toEqual([{ line: 5, column_name: 'region', reason_code: 'control_character' }]);
    expect(run.stdout + run.stderr).not.toContain('SECRETWEST');
    expect(await storedText(db)).not.toContain('SECRETWEST');
  });
});

describe('a row over the byte limit', () => {
  it('is refused by its length only', () => {
    const result = validateRow(groups, plan(), { line: 9, cells: [], oversizedBytes: 700_000 });
    expect(result.refusal).toMatchObject({ line: 9, column: null, reasonCode: 'oversized_row', row: { bytes: 700_000 } });
    expect(result.refusal!.reason).toContain('700000 bytes');
  });
});
