/**
 * The disclosure release register: what a run has published, per release, read back by later
 * runs; idempotent re-publishing, fresh releases, bulk writes, refused values, and a database
 * made before the register existed.
 */
import { join } from 'node:path';
import { Migrator, sql, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRelease, recordPublishedCells, startRelease, type RegisteredCell } from '../../../pipeline/db/disclosureRegister.ts';
import { loadHistory, tableCounts } from '../../../pipeline/db/history.ts';
import { contractV1 } from '../../../pipeline/db/migrations/0001_contract_v1.ts';
import { openDatabase, type ProgevalDatabase } from '../../../pipeline/db/open.ts';
import { openSqlite } from '../../../pipeline/db/sqlite/sqliteDatabase.ts';
import { scratchDir } from '../../support/extracts.ts';
import { onPostgres } from '../../support/storedDatabase.ts';

const T1 = '2025-01-01T09:00:00.000Z';
const T2 = '2025-02-01T09:00:00.000Z';
const T3 = '2025-03-01T09:00:00.000Z';

const CELLS: RegisteredCell[] = [
  { population: 'referred', variant: '', value: 120 },
  { population: 'completed', variant: 'arm=programme', value: 41 },
  { population: 'completed', variant: 'arm=comparison', value: 0 },
];

/** In byte order (SQLite's BINARY collation, PostgreSQL's "C"), as readRelease returns them. */
const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (cells: readonly RegisteredCell[]) =>
  [...cells].sort((a, b) => binary(a.population, b.population) || binary(a.variant, b.variant) || a.value - b.value);

let dbFile: string;
let database: ProgevalDatabase;

beforeEach(async () => {
  dbFile = join(scratchDir('progeval-register-'), 'test.db');
  database = await openDatabase(dbFile);
});
afterEach(async () => {
  await database.close();
});

async function registerRows() {
  return database.db.selectFrom('disclosure_register').selectAll().orderBy('release_id').orderBy('population').orderBy('variant').orderBy('value').execute();
}

async function releases() {
  return database.db.selectFrom('disclosure_releases').selectAll().orderBy('release_id').execute();
}

describe('an empty register', () => {
  it('has no current release', async () => {
    expect(await readRelease(database)).toEqual({ releaseId: null, startedAt: null, cells: [] });
  });
});

describe('recording published cells', () => {
  it('starts a first release and reads the cells back', async () => {
    const id = await recordPublishedCells(database, CELLS, T1);
    expect(Number.isInteger(id)).toBe(true);
    expect(await releases()).toEqual([{ release_id: id, started_at: T1, reason: 'first run' }]);
    const state = await readRelease(database);
    expect(state.releaseId).toBe(id);
    expect(state.startedAt).toBe(T1);
    expect(state.cells).toEqual(sorted(CELLS));
    for (const row of await registerRows()) expect(row.run_started_at).toBe(T1);
  });

  it('is idempotent: re-publishing a cell adds nothing and keeps when it was first published', async () => {
    const first = await recordPublishedCells(database, CELLS, T1);
    const again = await recordPublishedCells(database, [...CELLS, ...CELLS], T2);
    expect(again).toBe(first);
    expect(await releases()).toHaveLength(1);
    expect(await registerRows()).toHaveLength(CELLS.length);

    // A later run adds a new count for an existing cell definition, alongside the old one.
    const later: RegisteredCell = { population: 'referred', variant: '', value: 123 };
    expect(await recordPublishedCells(database, [CELLS[0]!, later], T2)).toBe(first);
    const rows = await registerRows();
    expect(rows).toHaveLength(CELLS.length + 1);
    expect(rows.find((r) => r.population === 'referred' && r.value === 120)!.run_started_at).toBe(T1);
    expect(rows.find((r) => r.population === 'referred' && r.value === 123)!.run_started_at).toBe(T2);
    expect((await readRelease(database)).cells).toEqual(sorted([...CELLS, later]));
  });

  it('still starts a release when a run publishes no cells', async () => {
    const id = await recordPublishedCells(database, [], T1);
    expect(await readRelease(database)).toEqual({ releaseId: id, startedAt: T1, cells: [] });
  });

  it('writes thousands of cells in one call, past the SQLite variable limit', async () => {
    const many: RegisteredCell[] = [];
    for (let i = 0; i < 5000; i++) many.push({ population: `p${String(i % 97).padStart(3, '0')}`, variant: i % 3 ? `v${i % 7}` : '', value: i });
    const id = await recordPublishedCells(database, [...many, ...many.slice(0, 400)], T1);
    const state = await readRelease(database);
    expect(state.releaseId).toBe(id);
    expect(state.cells).toHaveLength(5000);
    expect(state.cells).toEqual(sorted(many));
  });

  it('persists across closing and reopening the database', async () => {
    const id = await recordPublishedCells(database, CELLS, T1);
    await database.close();
    database = await openDatabase(dbFile, { mustExist: true });
    expect(await readRelease(database)).toEqual({ releaseId: id, startedAt: T1, cells: sorted(CELLS) });
  });
});

describe('a fresh release', () => {
  it('makes later reads and records see only the new release', async () => {
    const first = await recordPublishedCells(database, CELLS, T1);
    const fresh = await startRelease(database, 'fresh release requested', T2);
    expect(fresh).toBeGreaterThan(first);
    expect(await readRelease(database)).toEqual({ releaseId: fresh, startedAt: T2, cells: [] });

    const next: RegisteredCell[] = [CELLS[0]!, { population: 'started', variant: '', value: 77 }];
    expect(await recordPublishedCells(database, next, T3)).toBe(fresh);
    expect(await readRelease(database)).toEqual({ releaseId: fresh, startedAt: T2, cells: sorted(next) });

    // The earlier release is kept, not rewritten.
    const rows = await registerRows();
    expect(rows.filter((r) => r.release_id === first)).toHaveLength(CELLS.length);
    expect(rows.filter((r) => r.release_id === fresh).every((r) => r.run_started_at === T3)).toBe(true);
    expect((await releases()).map((r) => r.reason)).toEqual(['first run', 'fresh release requested']);
  });

  it('can be started before any run has published', async () => {
    const id = await startRelease(database, 'fresh release requested', T1);
    expect(await recordPublishedCells(database, CELLS, T2)).toBe(id);
    expect(await releases()).toHaveLength(1);
  });
});

describe('refused values', () => {
  const bad: [string, unknown][] = [
    ['a negative count', { population: 'referred', variant: '', value: -1 }],
    ['a fractional count', { population: 'referred', variant: '', value: 2.5 }],
    ['NaN', { population: 'referred', variant: '', value: Number.NaN }],
    ['an infinite count', { population: 'referred', variant: '', value: Number.POSITIVE_INFINITY }],
    ['an unsafe integer', { population: 'referred', variant: '', value: 2 ** 53 }],
    ['a count given as text', { population: 'referred', variant: '', value: '12' }],
    ['an empty population', { population: '', variant: '', value: 5 }],
    ['a missing population', { variant: '', value: 5 }],
    ['a null variant', { population: 'referred', variant: null, value: 5 }],
  ];
  it.each(bad)('throws a RangeError for %s and writes nothing', async (_, cell) => {
    await expect(recordPublishedCells(database, [CELLS[0]!, cell as RegisteredCell], T1)).rejects.toThrow(RangeError);
    expect(await releases()).toEqual([]);
    expect(await registerRows()).toEqual([]);
  });

  it('throws a RangeError for an empty run time, release reason or release time', async () => {
    await expect(recordPublishedCells(database, CELLS, '')).rejects.toThrow(RangeError);
    await expect(startRelease(database, '', T1)).rejects.toThrow(RangeError);
    await expect(startRelease(database, 'fresh release requested', '')).rejects.toThrow(RangeError);
    expect(await releases()).toEqual([]);
  });
});

describe('the schema', () => {
  it('holds aggregate cells only: no column for a pseudonym or row-level value', async () => {
    const tables = await database.db.introspection.getTables();
    const columns = (table: string) => tables.find((t) => t.name === table)!.columns.map((c) => c.name);
    expect(columns('disclosure_releases')).toEqual(['release_id', 'started_at', 'reason']);
    expect(columns('disclosure_register')).toEqual(['release_id', 'run_started_at', 'population', 'variant', 'value']);
    const indexes =
      database.dialect === 'sqlite'
        ? sql<{ name: string }>`select name from pragma_index_list('disclosure_register')`
        : sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'disclosure_register'`;
    expect((await indexes.execute(database.db)).rows.map((i) => i.name)).toContain('disclosure_register_by_release_population');
  });

  it('refuses a register row for a release that does not exist', async () => {
    await expect(
      database.db.insertInto('disclosure_register').values({ release_id: 999, run_started_at: T1, population: 'referred', variant: '', value: 1 }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/i);
  });
});

describe('a database made before the register existed', () => {
  // PostgreSQL support came after 0004, so no PostgreSQL database predates the register.
  it.skipIf(onPostgres())('is brought up to date on open, keeping its loads', async () => {
    const file = join(scratchDir('progeval-old-'), 'old.db');
    // Build and load the database as a release with only migration 0001 would have.
    const old = openSqlite(file, { readOnly: false, waitSeconds: 1, onWait: () => {} });
    try {
      const migrator = new Migrator({
        db: old.db,
        provider: { getMigrations: async (): Promise<Record<string, Migration>> => ({ '0001_contract_v1': contractV1('sqlite') }) },
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      // One load as that release recorded it (today's loader writes columns 0001 lacks).
      const legacy = old.db as any;
      await legacy.insertInto('load_batches').values({ extract_sha256: 'e'.repeat(64), source: 'old', contract_version: 'v1', progeval_version: '0.0.1', started_at: T1, finished_at: T1 }).execute();
      await legacy.insertInto('people').values({ person_id: 'per-0001', sex: 'male', age_at_index: 34, index_offence: 'other', batch_id: 1, source_line: 2 }).execute();
      const before = await old.db.selectFrom('kysely_migration' as any).select('name').execute();
      expect(before.map((r: any) => r.name)).toEqual(['0001_contract_v1']);
    } finally {
      await old.close();
    }

    // Opening it as the pipeline does runs 0002.
    const reopened = await openDatabase(file, { mustExist: true });
    try {
      const applied = await reopened.db.selectFrom('kysely_migration' as any).select('name').orderBy('name').execute();
      expect(applied.map((r: any) => r.name)).toEqual(['0001_contract_v1', '0002_disclosure_register', '0003_extract_snapshots', '0004_run_registry']);
      expect(await loadHistory(reopened)).toHaveLength(1);
      expect((await tableCounts(reopened)).people).toBeGreaterThan(0);
      expect(await readRelease(reopened)).toEqual({ releaseId: null, startedAt: null, cells: [] });
      const id = await recordPublishedCells(reopened, CELLS, T1);
      expect((await readRelease(reopened)).releaseId).toBe(id);
    } finally {
      await reopened.close();
    }
  });
});
