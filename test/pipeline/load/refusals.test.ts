/**
 * One test per refusal rule, each built on a hand-made bad extract in fixtures/bad/: the
 * minimal extract with one defect laid over it, and an expect.json saying what the
 * refusal must say. Every test checks file, line, column and reason in what the user sees,
 * and that an identifying value appears nowhere: not on stdout or stderr, not in the
 * database file.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_REFUSAL_REASONS, ROW_REFUSAL_REASONS } from '../../../pipeline/validate/refusal.ts';
import { runCli } from '../../support/runCli.ts';
import { BAD, overlaidExtract, scratchDir } from '../../support/extracts.ts';
import { storedRows, storedText } from '../../support/storedDatabase.ts';

interface Expectation {
  level: 'file' | 'row';
  file: string;
  line?: number;
  column?: string | null;
  reasonCode: string;
  message?: string;
  secret?: string;
  remove?: string[];
  /** Rows in other files quarantined because they referred to the refused row. */
  cascade?: Record<string, number>;
  /** What the rows of each such file must say: the refused line that took them. */
  cascadeReason?: Record<string, string>;
}

interface Case {
  name: string;
  expect: Expectation;
  /** Builds the bad extract, for defects a fixture folder cannot hold (a folder, a huge row) or should not (control characters). */
  extract?: () => string;
}

/** The minimal extract with `file` changed by `change`. */
function changed(file: string, change: (text: string) => string): string {
  const dir = overlaidExtract(null);
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return dir;
}
const GROUP_ROW = (region: string) => `grp-003,horizon,moderate,community,${region},2024-03-04,\n`;
const withHeader = (extra: string) => (text: string) => text.replace('\n', `,${extra}\n`);

const BUILT: Case[] = [
  {
    name: 'built: a folder named measures.csv',
    expect: { level: 'file', file: 'measures.csv', reasonCode: 'not_a_file', message: 'measures.csv is a folder, not a file' },
    extract: () => {
      const dir = overlaidExtract(null, ['measures.csv']);
      mkdirSync(join(dir, 'measures.csv'));
      return dir;
    },
  },
  {
    name: 'built: a header cell shaped like a National Insurance number',
    expect: { level: 'file', file: 'people.csv', line: 1, column: 'column 10', reasonCode: 'identifier_in_header', secret: 'QQ123456C' },
    extract: () => changed('people.csv', withHeader('QQ123456C')),
  },
  {
    name: 'built: a column name holding a control character',
    expect: { level: 'file', file: 'groups.csv', line: 1, column: 'column 8', reasonCode: 'bad_column_name', secret: 'SecretName' },
    extract: () => changed('groups.csv', withHeader('SecretName\u001b[2J')),
  },
  {
    name: 'built: a header row over the byte limit',
    expect: { level: 'file', file: 'groups.csv', line: 1, reasonCode: 'oversized_header', secret: 'SecretHeader' },
    extract: () => changed('groups.csv', (text) => `${'SecretHeader'.repeat(10_000)}${text}`),
  },
  {
    name: 'built: a row over the byte limit',
    expect: { level: 'row', file: 'groups.csv', line: 4, column: null, reasonCode: 'oversized_row', secret: 'SecretRegion' },
    extract: () => changed('groups.csv', (text) => text + GROUP_ROW('SecretRegion'.repeat(10_000))),
  },
  {
    name: 'built: a value holding a control character',
    expect: { level: 'row', file: 'groups.csv', line: 4, column: 'region', reasonCode: 'control_character', secret: 'SecretRegion' },
    extract: () => changed('groups.csv', (text) => text + GROUP_ROW('SecretRegion\u0000')),
  },
];

const cases: Case[] = [
  ...readdirSync(BAD).map((name) => ({
    name: `fixtures/bad/${name}`,
    expect: JSON.parse(readFileSync(join(BAD, name, 'expect.json'), 'utf8')) as Expectation,
  })),
  ...BUILT,
];

function location(e: Expectation): string {
  return [e.file, e.line, e.column].filter((p) => p !== undefined && p !== null).join(':');
}

describe('every refusal rule has a bad fixture', () => {
  // refused_rows and older_extract need two loads or an option: see loadExtract.test.ts.
  it('covers every file and row reason code', () => {
    const covered = new Set(cases.map((c) => c.expect.reasonCode));
    const all = [...Object.keys(FILE_REFUSAL_REASONS).filter((r) => r !== 'refused_rows' && r !== 'older_extract'), ...Object.keys(ROW_REFUSAL_REASONS)];
    expect(all.filter((r) => !covered.has(r))).toEqual([]);
  });
});

describe.each(cases)('$name', ({ name, expect: want, extract: build }) => {
  it(`is refused as ${want.level === 'file' ? 'a whole file' : 'a row'} with file, line, column and reason`, async () => {
    const extract = build ? build() : overlaidExtract(join(BAD, name.replace('fixtures/bad/', '')), want.remove);
    const db = join(scratchDir(), 'test.db');
    const run = await runCli('ingest', extract, '--db', db, '--progress', 'none');
    {
      if (want.level === 'file') {
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('nothing was loaded');
        expect(run.stderr).toContain(`${location(want)}: `);
        expect(run.stderr).toContain(`[${want.reasonCode}]`);
        if (want.message) expect(run.stderr).toContain(want.message);
        // Nothing of the extract was loaded.
        expect(await storedRows(db, 'select count(*) n from load_batches')).toEqual([{ n: 0 }]);
        expect(await storedRows(db, 'select count(*) n from people')).toEqual([{ n: 0 }]);
      } else {
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(`${location(want)}: `);
        expect(run.stdout).toContain(`[${want.reasonCode}]`);
        if (want.message) expect(run.stdout).toContain(want.message);
        const rows = await storedRows<{ column_name: string | null; reason_code: string; reason: string }>(
          db,
          'select file, line, column_name, reason_code, reason from quarantine where file = ? and line = ?',
          want.file,
          want.line,
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]!.column_name).toBe(want.column ?? null);
        expect(rows[0]!.reason_code).toBe(want.reasonCode);
        // Only the bad row (and the rows that depended on it) were refused; the rest loaded.
        const refused = await storedRows<{ file: string; n: number }>(db, 'select file, count(*) n from quarantine group by file');
        expect(Object.fromEntries(refused.map((r) => [r.file, r.n]))).toEqual({ [want.file]: 1, ...want.cascade });
        for (const [file, reason] of Object.entries(want.cascadeReason ?? {})) {
          const reasons = await storedRows<{ reason: string }>(db, 'select reason from quarantine where file = ?', file);
          expect(reasons.length, file).toBeGreaterThan(0);
          for (const r of reasons) expect(r.reason, file).toBe(reason);
        }
        const files = await storedRows<{ rows_read: number; rows_loaded: number; rows_quarantined: number }>(db, 'select rows_read, rows_loaded, rows_quarantined from load_files');
        for (const f of files) expect(f.rows_read).toBe(f.rows_loaded + f.rows_quarantined);
      }
    }
    if (want.secret) {
      expect(run.stdout).not.toContain(want.secret);
      expect(run.stderr).not.toContain(want.secret);
      expect(await storedText(db)).not.toContain(want.secret);
      const listed = await runCli('quarantine', '--db', db);
      expect(listed.stdout + listed.stderr).not.toContain(want.secret);
    }
  });
});
