/**
 * Reconciliation, idempotent reload and update by a later extract, through the loader's
 * API on the hand-made minimal extract.
 */
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadHistory, tableCounts } from '../../../pipeline/db/history.ts';
import { openDatabase, type ProgevalDatabase } from '../../../pipeline/db/open.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { ExtractRefused } from '../../../pipeline/validate/refusal.ts';
import { BAD, MINIMAL, overlaidExtract, scratchDir } from '../../support/extracts.ts';

let database: ProgevalDatabase;

beforeEach(async () => {
  database = await openDatabase(join(scratchDir(), 'test.db'));
});
afterEach(async () => {
  await database.close();
});

/** Every row of every contract table, for before/after comparisons. */
async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const table of ['people', 'facilitators', 'groups', 'group_facilitators', 'measures', 'enrolments', 'assessments', 'assessment_items', 'reconvictions', 'quarantine'] as const) {
    out[table] = await database.db.selectFrom(table).selectAll().execute();
  }
  return out;
}

function csvRows(file: string): number {
  return readFileSync(join(MINIMAL, file), 'utf8').trim().split('\n').length - 1;
}

describe('reconciliation', () => {
  it('loads every row of a clean extract and records each file with its SHA-256', async () => {
    const result = await loadExtract(database, MINIMAL);
    expect(result.status).toBe('loaded');
    for (const f of result.files) {
      expect(f.rowsRead).toBe(csvRows(f.file));
      expect(f.rowsLoaded).toBe(f.rowsRead);
      expect(f.rowsQuarantined).toBe(0);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const counts = await tableCounts(database);
    expect(counts.people).toBe(csvRows('people.csv'));
    expect(counts.reconvictions).toBe(csvRows('reconvictions.csv')); // two identical rows both load
    const [batch] = await loadHistory(database);
    expect(batch!.files.map((f) => f.file)).toEqual(result.files.map((f) => f.file));
    expect(batch!.files).toEqual(result.files);
  });

  it('balances rows read against rows loaded plus rows quarantined when rows are refused', async () => {
    const result = await loadExtract(database, overlaidExtract(join(BAD, 'invalid-value')));
    const byFile = Object.fromEntries(result.files.map((f) => [f.file, f]));
    expect(byFile['people.csv']).toMatchObject({ rowsRead: 6, rowsLoaded: 5, rowsQuarantined: 1 });
    expect(byFile['enrolments.csv']).toMatchObject({ rowsRead: 6, rowsLoaded: 5, rowsQuarantined: 1 });
    for (const f of result.files) expect(f.rowsRead).toBe(f.rowsLoaded + f.rowsQuarantined);
    expect(result.quarantineByReason).toEqual({ invalid_value: 1, orphan_reference: 11 });
  });
});

describe('reloading', () => {
  it('changes nothing when the same extract is loaded again', async () => {
    const first = await loadExtract(database, MINIMAL);
    const before = await snapshot();
    const again = await loadExtract(database, MINIMAL);
    expect(again).toMatchObject({ status: 'unchanged', batchId: first.batchId, extractSha256: first.extractSha256 });
    expect(await snapshot()).toEqual(before);
    expect(await loadHistory(database)).toHaveLength(1);
  });

  it('with --force, records a new batch but leaves the data as it was', async () => {
    await loadExtract(database, MINIMAL);
    const strip = (s: Record<string, unknown[]>) =>
      Object.fromEntries(Object.entries(s).map(([t, rows]) => [t, rows.map((r) => ({ ...(r as object), batch_id: 0 }))]));
    const before = strip(await snapshot());
    const forced = await loadExtract(database, MINIMAL, { force: true });
    expect(forced.status).toBe('loaded');
    expect(forced.files.every((f) => f.rowsNew === 0)).toBe(true);
    expect(strip(await snapshot())).toEqual(before);
  });

  it('updates by natural key from a later extract and records its batch', async () => {
    await loadExtract(database, MINIMAL);
    const next = overlaidExtract(null);
    // Next month: per-0001's OGRS is revised, a new person and a new reconviction arrive,
    // enr-0004's group has finished.
    const people = readFileSync(join(next, 'people.csv'), 'utf8').replace('per-0001,male,34,W,sexual_contact,2,23.5', 'per-0001,male,34,W,sexual_contact,2,27');
    writeFileSync(join(next, 'people.csv'), `${people}per-0007,male,50,W,sexual_online,0,5,low,low\n`);
    appendFileSync(join(next, 'reconvictions.csv'), 'per-0001,2026-01-05,2026-03-01,other\n');
    const enrolments = readFileSync(join(next, 'enrolments.csv'), 'utf8').replace('2025-02-03,,ongoing,12,24', '2025-02-03,2025-08-29,completed,22,24');
    writeFileSync(join(next, 'enrolments.csv'), enrolments);

    const result = await loadExtract(database, next);
    expect(result).toMatchObject({ status: 'loaded', batchId: 2 });
    const byFile = Object.fromEntries(result.files.map((f) => [f.file, f]));
    expect(byFile['people.csv']).toMatchObject({ rowsRead: 7, rowsLoaded: 7, rowsNew: 1 });
    expect(byFile['reconvictions.csv']).toMatchObject({ rowsRead: 5, rowsNew: 1 });
    expect(byFile['enrolments.csv']).toMatchObject({ rowsNew: 0 });

    const p1 = await database.db.selectFrom('people').selectAll().where('person_id', '=', 'per-0001').executeTakeFirstOrThrow();
    expect(p1).toMatchObject({ ogrs: 27, batch_id: 2 });
    const e4 = await database.db.selectFrom('enrolments').selectAll().where('enrolment_id', '=', 'enr-0004').executeTakeFirstOrThrow();
    expect(e4).toMatchObject({ status: 'completed', end_date: '2025-08-29', sessions_attended: 22 });
    const counts = await tableCounts(database);
    expect(counts).toMatchObject({ people: 7, reconvictions: 5 });
    expect((await loadHistory(database)).map((b) => b.batch_id)).toEqual([1, 2]);
  });

  it('accepts references to rows loaded by an earlier extract', async () => {
    await loadExtract(database, MINIMAL);
    const next = scratchDir();
    cpSync(MINIMAL, next, { recursive: true });
    // An extract whose people.csv holds only new people still refers to older ones.
    writeFileSync(join(next, 'people.csv'), 'person_id,sex,age_at_index,index_offence\nper-0008,male,40,other\n');
    const result = await loadExtract(database, next);
    expect(result.files.every((f) => f.rowsQuarantined === 0)).toBe(true);
  });
});

describe('options', () => {
  it('--strict refuses the whole extract when any row would be quarantined, and loads nothing', async () => {
    const bad = overlaidExtract(join(BAD, 'duplicate-key'));
    await expect(loadExtract(database, bad, { strict: true })).rejects.toThrow(ExtractRefused);
    expect(await loadHistory(database)).toEqual([]);
    expect((await tableCounts(database)).people).toBe(0);
  });

  it('--allow-extra-columns loads the file without the extra column and says so', async () => {
    const extra = overlaidExtract(join(BAD, 'unknown-column'));
    const result = await loadExtract(database, extra, { allowExtraColumns: true });
    expect(result.files.find((f) => f.file === 'groups.csv')).toMatchObject({ rowsLoaded: 2, ignoredColumns: ['facilitator_notes'] });
  });

  it('never allows an identifier column, even with --allow-extra-columns', async () => {
    const named = overlaidExtract(join(BAD, 'identifier-column'));
    await expect(loadExtract(database, named, { allowExtraColumns: true })).rejects.toThrow(/direct identifier/);
  });
});
