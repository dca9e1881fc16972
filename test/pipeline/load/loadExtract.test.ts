/**
 * Reconciliation, idempotent reload and update by a later extract, through the loader's
 * API on the hand-made minimal extract.
 */
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnrolments, readReconvictions } from '../../../pipeline/db/analysisData.ts';
import { loadHistory, tableCounts, withdrawnCounts } from '../../../pipeline/db/history.ts';
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

});

/** A copy of the minimal extract, changed by `edit` (file → new text), optionally dated. */
function nextExtract(edit: Record<string, (text: string) => string>, extractDate?: string): string {
  const dir = overlaidExtract(null);
  for (const [file, change] of Object.entries(edit)) writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  if (extractDate) writeFileSync(join(dir, 'extract.json'), JSON.stringify({ extract_date: extractDate }));
  return dir;
}

const inForce = (table: 'people' | 'enrolments' | 'reconvictions' | 'assessments') =>
  database.db.selectFrom(table).selectAll().where('withdrawn_batch_id', 'is', null).execute();

describe('successive extracts are dated snapshots (contract v1.1)', () => {
  it('withdraws rows a later snapshot no longer holds, keeps them, and counts them in reconciliation', async () => {
    await loadExtract(database, MINIMAL);
    // Next month per-0005 has gone from the source (with their enrolment and assessments).
    const next = nextExtract({
      'people.csv': (t) => t.replace(/per-0005,.*\n/, ''),
      'enrolments.csv': (t) => t.replace(/enr-0005,.*\n/, ''),
      'assessments.csv': (t) => t.replace(/enr-0005,.*\n/g, ''),
      'assessment_items.csv': (t) => t.replace(/enr-0005,.*\n/g, ''),
    });
    const result = await loadExtract(database, next);
    const byFile = Object.fromEntries(result.files.map((f) => [f.file, f]));
    expect(byFile['people.csv']).toMatchObject({ rowsRead: 5, rowsLoaded: 5, rowsWithdrawn: 1 });
    expect(byFile['enrolments.csv']).toMatchObject({ rowsWithdrawn: 1 });
    expect((await tableCounts(database)).people).toBe(5);
    expect((await withdrawnCounts(database)).people).toBe(1);
    // Kept for the audit trail, marked with the batch that withdrew it.
    const gone = await database.db.selectFrom('people').selectAll().where('person_id', '=', 'per-0005').executeTakeFirstOrThrow();
    expect(gone).toMatchObject({ batch_id: 1, withdrawn_batch_id: result.batchId });
    // Left out of analysis.
    expect((await readEnrolments(database)).map((e) => e.person_id)).not.toContain('per-0005');
    // Back in a later snapshot, the row is in force again.
    const back = await loadExtract(database, nextExtract({ 'people.csv': (t) => t.replace('per-0006,male,45', 'per-0006,male,46') }));
    expect(back.files.find((f) => f.file === 'people.csv')).toMatchObject({ rowsWithdrawn: 0 });
    expect((await tableCounts(database)).people).toBe(6);
  });

  it('a re-dated reconviction exists once: the old date is withdrawn', async () => {
    await loadExtract(database, MINIMAL);
    await loadExtract(database, nextExtract({ 'reconvictions.csv': (t) => t.replace('per-0003,2025-06-30', 'per-0003,2025-06-29') }));
    const rows = (await readReconvictions(database)).filter((r) => r.person_id === 'per-0003');
    expect(rows.map((r) => r.offence_date)).toEqual(['2025-06-29']);
    expect((await withdrawnCounts(database)).reconvictions).toBe(1);
  });

  it('in an update, a refused parent takes its dependants: they do not load against the old row', async () => {
    await loadExtract(database, MINIMAL);
    // per-0001's row is now refused (an age that is not a number).
    const result = await loadExtract(database, nextExtract({ 'people.csv': (t) => t.replace('per-0001,male,34', 'per-0001,male,thirty') }));
    const q = await database.db.selectFrom('quarantine').select(['file', 'reason_code']).where('batch_id', '=', result.batchId).execute();
    expect(q).toContainEqual({ file: 'people.csv', reason_code: 'invalid_value' });
    expect(q).toContainEqual({ file: 'enrolments.csv', reason_code: 'orphan_reference' });
    expect(q.filter((r) => r.file === 'assessments.csv').length).toBeGreaterThan(0);
    expect((await inForce('people')).map((p) => p.person_id)).not.toContain('per-0001');
    expect((await inForce('enrolments')).map((e) => e.person_id)).not.toContain('per-0001');
    expect((await inForce('assessments')).map((a) => a.enrolment_id)).not.toContain('enr-0001');
    for (const f of result.files) expect(f.rowsRead).toBe(f.rowsLoaded + f.rowsQuarantined);
  });

  it('a file absent from a later snapshot withdraws its rows', async () => {
    await loadExtract(database, MINIMAL);
    const next = overlaidExtract(null, ['assessment_items.csv']);
    const result = await loadExtract(database, next);
    expect(result.files.find((f) => f.file === 'assessment_items.csv')).toBeUndefined();
    const [, batch] = await loadHistory(database);
    expect(batch!.files.find((f) => f.file === 'assessment_items.csv')).toMatchObject({ rowsRead: 0, rowsWithdrawn: csvRows('assessment_items.csv') });
  });

  it('dates each batch: extract.json, or else the latest observation_end', async () => {
    await loadExtract(database, MINIMAL);
    await loadExtract(database, nextExtract({ 'people.csv': (t) => t.replace('per-0006,male,45', 'per-0006,male,46') }, '2026-11-30'));
    const dates = await database.db.selectFrom('load_batches').select('extract_date').orderBy('batch_id').execute();
    expect(dates.map((d) => d.extract_date)).toEqual(['2026-10-31', '2026-11-30']);
  });

  it('refuses an older extract after a newer one, and loads it with --force', async () => {
    const a = nextExtract({ 'people.csv': (t) => t.replace('per-0001,male,34,W,sexual_contact,2,23.5', 'per-0001,male,34,W,sexual_contact,2,20') }, '2026-10-31');
    const b = nextExtract({ 'people.csv': (t) => t.replace('per-0001,male,34,W,sexual_contact,2,23.5', 'per-0001,male,34,W,sexual_contact,2,27') }, '2026-11-30');
    await loadExtract(database, a);
    await loadExtract(database, b);
    const error = await loadExtract(database, a).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractRefused);
    expect((error as ExtractRefused).refusals[0]).toMatchObject({ reasonCode: 'older_extract' });
    expect((error as Error).message).toContain('dated 2026-10-31, before the newest one already loaded (2026-11-30)');
    const ogrs = async () => (await database.db.selectFrom('people').select('ogrs').where('person_id', '=', 'per-0001').executeTakeFirstOrThrow()).ogrs;
    expect(await ogrs()).toBe(27);
    expect(await loadHistory(database)).toHaveLength(2);
    // Forced, A's values are back.
    expect((await loadExtract(database, a, { force: true })).status).toBe('loaded');
    expect(await ogrs()).toBe(20);
  });

  it('an extract date that cannot be read refuses the extract', async () => {
    const dir = nextExtract({});
    writeFileSync(join(dir, 'extract.json'), '{"extract_date": "2026-11-30", "note": "x"}');
    await expect(loadExtract(database, dir)).rejects.toThrow(/extract.json must hold exactly/);
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
