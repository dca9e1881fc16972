/**
 * Byte limits at load: a row over the limit goes to the quarantine with its length only
 * (never its content), the rest of the file loads, and an unclosed quote refuses the extract
 * at the line where the quote opened.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overlaidExtract, scratchDir } from '../../support/extracts.ts';
import { storedRows, storedText } from '../../support/storedDatabase.ts';
import { runCli } from '../../support/runCli.ts';

async function ingest(extract: string) {
  const db = join(scratchDir(), 'test.db');
  return { run: await runCli('ingest', extract, '--db', db, '--progress', 'none'), db };
}

describe('rows over the byte limit', () => {
  it('quarantines a 10 MB row by its length only and loads the rest of the file', async () => {
    const extract = overlaidExtract(null);
    const cell = 'QZ'.repeat(5 * 1024 * 1024);
    appendFileSync(join(extract, 'groups.csv'), `grp-003,horizon,moderate,community,${cell},2024-03-04,2024-08-30\ngrp-004,kaizen,high,custody,Wales,2024-03-04,\n`);
    const { run, db } = await ingest(extract);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('groups.csv:4: ');
    expect(run.stdout).toContain('[oversized_row]');
    const q = await storedRows(db, "select line, column_name, reason_code, row_json from quarantine where file = 'groups.csv'");
    expect(q).toEqual([{ line: 4, column_name: null, reason_code: 'oversized_row', row_json: JSON.stringify({ bytes: readFileSync(join(extract, 'groups.csv')).toString().split('\n')[3]!.length }) }]);
    expect(await storedRows(db, 'select group_id from groups order by group_id')).toEqual([{ group_id: 'grp-001' }, { group_id: 'grp-002' }, { group_id: 'grp-004' }]);
    expect(await storedRows(db, "select source_line from groups where group_id = 'grp-004'")).toEqual([{ source_line: 5 }]);
    const bytes = await storedText(db);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    expect(bytes).not.toContain('QZQZQZQZQZQZQZQZ');
    const listed = await runCli('quarantine', '--db', db);
    expect(listed.stdout).toContain('row: {"bytes":');
    expect(listed.stdout.length).toBeLessThan(10_000);
  });

  it('refuses the extract when the header row is over the limit', async () => {
    const extract = overlaidExtract(null);
    writeFileSync(join(extract, 'groups.csv'), `${'x'.repeat(100_000)}\n`);
    const { run } = await ingest(extract);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('groups.csv:1: ');
    expect(run.stderr).toContain('[oversized_header]');
    expect(run.stderr).not.toContain('xxxxxxxx');
  });
});

describe('an unclosed quote', () => {
  it('refuses the extract at the line where the quote opened, not at the end of the file', async () => {
    const extract = overlaidExtract(null);
    const rows = readFileSync(join(extract, 'people.csv'), 'utf8').trimEnd().split('\n');
    rows[5] = rows[5]!.replace(',male,', ',"male,');
    writeFileSync(join(extract, 'people.csv'), `${rows.join('\n')}\n`);
    const { run } = await ingest(extract);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('people.csv:6: CSV that cannot be parsed: a quote opened on this line (in column 2) is never closed');
    expect(run.stderr).toContain('[malformed_csv]');
  });
});
