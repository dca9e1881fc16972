/**
 * Row checks for content that is never loaded: control characters and line breaks in a
 * cell, and a row over the byte limit. The row goes to quarantine with its column named and
 * the value withheld.
 */
import { join } from 'node:path';
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessmentItems, enrolments, groups, type ContractFile } from '../../../schemas/contract/index.ts';
import { checkHeader, type HeaderPlan } from '../../../pipeline/validate/header.ts';
import { REMEMBERED, rowValidator, validateRow } from '../../../pipeline/validate/row.ts';
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

describe("a file's validator, which remembers the values its columns settled", () => {
  // Rows as an extract repeats them (an assessment's items share four cells), with hostile
  // values dropped in, some repeated over several rows: a value first seen clean and then
  // again, an identifier right after the same column's clean value, a bad value twice running.
  // The third case cycles over more pseudonyms than the validator remembers (REMEMBERED), so
  // values come back both remembered and not.
  const ITEMS_HEADER = ['enrolment_id', 'measure', 'timepoint', 'assessed_on', 'item', 'response'];
  const ENROLMENT_HEADER = checkHeaderOf(enrolments, ['enrolment_id', 'person_id', 'group_id', 'arm', 'referral_date', 'start_date', 'end_date', 'status', 'sessions_attended', 'sessions_scheduled', 'follow_up_start', 'observation_end']);
  const HOSTILE = ['', 'AB123456C', 'X123456', 'x', '-1', '1e3', '2022-02-30', 'enr 000001', 'a@b.co', '07700900123', '\u0007', 'ok', '99999', 'QQ 12 34 56 C', '0', '1.5', ' 3', 'true', '2023-01-01', '12/3456789X', 'ref x 123456 ok', 'é', '１２３４５６７'];

  function hostileRows(base: (k: number) => string[], count: number, seed: number): string[][] {
    let state = seed;
    const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const rows: string[][] = [];
    let streak: { column: number; value: string; left: number } | null = null;
    for (let k = 0; k < count; k++) {
      const cells = base(k);
      if (streak && streak.left > 0) {
        cells[streak.column] = streak.value;
        streak.left--;
      } else if (next() < 0.15) {
        const column = Math.floor(next() * cells.length);
        const value = HOSTILE[Math.floor(next() * HOSTILE.length)]!;
        cells[column] = value;
        if (next() < 0.4) streak = { column, value, left: 1 + Math.floor(next() * 4) };
      }
      if (next() < 0.01) cells.push('extra');
      rows.push(cells);
    }
    return rows;
  }

  it.each([
    ['assessment_items.csv (no within-row rule: parsed field by field)', assessmentItems, checkHeaderOf(assessmentItems, ITEMS_HEADER), (k: number) => [`enr-${String(Math.floor(k / 24)).padStart(6, '0')}`, 'victim_empathy', k % 24 < 12 ? 'pre' : 'post', k % 24 < 12 ? '2022-02-01' : '2022-06-01', String((k % 12) + 1), String(k % 5)], []],
    ['assessment_items.csv, more distinct values than are remembered', assessmentItems, checkHeaderOf(assessmentItems, ITEMS_HEADER), (k: number) => [`enr-${String((k * 7) % (REMEMBERED + 150)).padStart(6, '0')}`, k % 3 ? 'victim_empathy' : 'self_management', k % 2 ? 'pre' : 'post', `2022-0${1 + (k % 9)}-${String(1 + (k % 28)).padStart(2, '0')}`, String((k % 12) + 1), String(k % 5)], []],
    ['enrolments.csv (a within-row rule: parsed whole)', enrolments, ENROLMENT_HEADER, (k: number) => [`enr-${String(k).padStart(6, '0')}`, `per-${String(k >> 1).padStart(6, '0')}`, `grp-${String(k >> 3).padStart(5, '0')}`, 'programme', '2024-10-01', '2024-12-14', '2025-08-12', 'completed', '71', '74', '2025-08-12', '2026-10-31'], ['date_order', 'inconsistent_row']],
  ])('accepts and refuses %s exactly as checking each row afresh', (_name, file, header, base, rowRules) => {
    const rows = hostileRows(base, 3000, 17);
    const validate = rowValidator(file, header);
    const remembered = rows.map((cells, k) => validate({ line: k + 2, cells }));
    const fresh = rows.map((cells, k) => validateRow(file, header, { line: k + 2, cells }));
    expect(remembered).toEqual(fresh);
    // Both kinds of row are there, and refusals of every kind the hostile values give (the within-row rules' too).
    expect(fresh.filter((r) => r.values).length).toBeGreaterThan(2000);
    expect(new Set(fresh.flatMap((r) => (r.refusal ? [r.refusal.reasonCode] : [])))).toEqual(new Set(['identifier_value', 'control_character', 'wrong_field_count', 'invalid_value', ...rowRules]));
  });
});

function checkHeaderOf(file: ContractFile, header: string[]): HeaderPlan {
  const checked = checkHeader(file, { line: 1, cells: header }, false);
  if (!checked.plan) throw new Error(`header refused: ${JSON.stringify(checked.refusals)}`);
  return checked.plan;
}
