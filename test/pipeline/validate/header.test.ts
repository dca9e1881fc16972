/**
 * Header screening: a header cell is described by its position, never by its text, unless
 * the text is a column name of the contract. A header that holds values (a data row where
 * the header should be) refuses the file and prints, logs and stores none of them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groups, people } from '../../../schemas/contract/index.ts';
import { checkHeader } from '../../../pipeline/validate/header.ts';
import { overlaidExtract, scratchDir } from '../../support/extracts.ts';
import { storedText } from '../../support/storedDatabase.ts';
import { runCli } from '../../support/runCli.ts';

const GROUPS = ['group_id', 'programme', 'intensity', 'setting', 'region', 'start_date', 'end_date'];
const header = (cells: string[], allowExtraColumns = false) => checkHeader(groups, { line: 1, cells }, allowExtraColumns);
const SECRETS = ['X123456', 'QQ123456C', '2001/0012345A', 'Jonathan', 'Smith'];

describe('a header row that holds values', () => {
  it.each([[[]], [['--allow-extra-columns']]])('is refused, and none of its values is printed or stored (%j)', async (flags) => {
    const extract = overlaidExtract(null);
    const rows = readFileSync(join(extract, 'people.csv'), 'utf8').split('\n');
    rows[0] = 'X123456,male,30,QQ123456C,2001/0012345A,Jonathan,Smith,low,high';
    writeFileSync(join(extract, 'people.csv'), rows.join('\n'));
    const db = join(scratchDir(), 'test.db');
    const run = await runCli('ingest', extract, '--db', db, '--progress', 'none', ...flags);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("people.csv:1:column 1: column 1's name has the shape of an identifier");
    expect(run.stderr).toContain('[identifier_in_header]');
    for (const secret of SECRETS) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      expect(await storedText(db)).not.toContain(secret);
    }
  });
});

describe('allowed extra columns', () => {
  it('are listed and stored by a plain name, or by position, never by a name that is not plain', async () => {
    const extract = overlaidExtract(null);
    const lines = readFileSync(join(extract, 'groups.csv'), 'utf8').trimEnd().split('\n');
    const text = lines.map((l, i) => `${l},${i === 0 ? 'notes,"Smith, J"' : 'ran well,'}`).join('\n');
    writeFileSync(join(extract, 'groups.csv'), `${text}\n`);
    const db = join(scratchDir(), 'test.db');
    const run = await runCli('ingest', extract, '--db', db, '--progress', 'none', '--allow-extra-columns');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Not loaded (allowed extra columns) in groups.csv: notes, column 9');
    expect(run.stdout + run.stderr).not.toContain('Smith');
    expect(await storedText(db)).toContain('notes,column 9');
    expect(await storedText(db)).not.toContain('Smith');
  });
});

describe('checkHeader', () => {
  it('describes an unknown column by its position, not its text', () => {
    const { refusals } = header([...GROUPS, 'Jonathan Smith']);
    expect(refusals).toEqual([
      { file: 'groups.csv', line: 1, column: 'column 8', reasonCode: 'unknown_column', reason: expect.stringContaining('column 8 is not in data contract v1 for groups.csv') },
    ]);
    expect(JSON.stringify(refusals)).not.toContain('Jonathan');
  });

  it('describes a repeated unknown column by its position', () => {
    const { refusals } = header([...GROUPS, 'Smith', 'Smith'], true);
    expect(refusals).toMatchObject([{ column: 'column 9', reasonCode: 'duplicate_column' }]);
    expect(JSON.stringify(refusals)).not.toContain('Smith');
  });

  it('names a repeated contract column', () => {
    expect(header([...GROUPS, 'region']).refusals).toMatchObject([{ column: 'region', reasonCode: 'duplicate_column' }]);
  });

  it.each(['X123456', 'qq 12 34 56 c', 'notes_2001/0012345A', 'jo@example.org'])('refuses a header cell shaped like an identifier (%s), even as an allowed extra column', (name) => {
    for (const allow of [false, true]) {
      const { plan, refusals } = header([...GROUPS, name], allow);
      expect(plan).toBeNull();
      expect(refusals).toEqual([
        { file: 'groups.csv', line: 1, column: 'column 8', reasonCode: 'identifier_in_header', reason: "column 8's name has the shape of an identifier; the file is refused and the name is not shown" },
      ]);
    }
  });

  it.each([['NUL', 'notes\u0000'], ['a line break', 'notes\nmore'], ['a tab', 'a\tb'], ['escape', '\u001b[2J']])('refuses a column name holding %s', (_what, name) => {
    const { refusals } = header([...GROUPS, name], true);
    expect(refusals).toMatchObject([{ column: 'column 8', reasonCode: 'bad_column_name' }]);
    expect(refusals[0]!.reason).not.toContain(name);
  });

  it('names a direct-identifier column only when the name is a plain word', () => {
    expect(header([...GROUPS, 'home_postcode']).refusals).toMatchObject([{ column: 'home_postcode', reasonCode: 'identifier_column' }]);
    const { refusals } = header([...GROUPS, "Jonathan Smith's address"]);
    expect(refusals).toMatchObject([{ column: 'column 8', reasonCode: 'identifier_column' }]);
    expect(JSON.stringify(refusals)).not.toContain('Jonathan');
  });

  it('keeps allowed extra columns by a plain name, or by position when the name is not plain', () => {
    const { plan } = header([...GROUPS, 'notes', 'Facilitator notes', 'Smith, J', '30', 'x'.repeat(65), 'é'], true);
    expect(plan!.ignored).toEqual(['notes', 'Facilitator notes', 'column 10', 'column 11', 'column 12', 'column 13']);
    expect(plan!.header.slice(7)).toEqual(plan!.ignored);
  });

  it('refuses a header over the byte limit by its length only', () => {
    const { refusals } = checkHeader(people, { line: 1, cells: [], oversizedBytes: 100_000 }, false);
    expect(refusals).toMatchObject([{ file: 'people.csv', line: 1, reasonCode: 'oversized_header' }]);
  });
});
