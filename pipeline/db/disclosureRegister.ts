/**
 * The disclosure release register (issue 8): every count cell a run has published, kept under
 * the release it belongs to, so that a later run can withhold a cell whose count differs from
 * an earlier published value by fewer than `min_cell` people (the ABS DataLab rule for
 * combined tables). The current release is the latest one; starting a new release begins a
 * fresh register. Cells are aggregate definitions and counts only, never pseudonyms.
 */
import type { ProgevalDatabase } from './dialect.ts';

export interface RegisteredCell {
  population: string;
  variant: string;
  value: number;
}

export interface ReleaseState {
  releaseId: number | null;
  startedAt: string | null;
  cells: RegisteredCell[];
}

/** The reason recorded for the release begun by the first run that publishes. */
const FIRST_RUN = 'first run';

/** Columns per register row. */
const REGISTER_COLUMNS = 5;
/** Rows per INSERT, kept under SQLite's historical limit of 999 bound variables per statement. */
const ROWS_PER_INSERT = Math.floor(999 / REGISTER_COLUMNS);

function nonEmpty(what: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new RangeError(`${what} must be a non-empty string, not ${JSON.stringify(value)}`);
  return value;
}

function checkCell(cell: RegisteredCell, index: number): RegisteredCell {
  const where = `disclosure register cell ${index}`;
  if (typeof cell?.population !== 'string' || cell.population.length === 0) {
    throw new RangeError(`${where}: population must be a non-empty string, not ${JSON.stringify(cell?.population)}`);
  }
  if (typeof cell.variant !== 'string') throw new RangeError(`${where} (${cell.population}): variant must be a string ('' for none), not ${JSON.stringify(cell.variant)}`);
  if (typeof cell.value !== 'number' || !Number.isSafeInteger(cell.value) || cell.value < 0) {
    throw new RangeError(`${where} (${cell.population}/${cell.variant}): value must be a non-negative integer, not ${String(cell.value)}`);
  }
  return { population: cell.population, variant: cell.variant, value: cell.value === 0 ? 0 : cell.value };
}

/** The current (latest) release and its cells; releaseId null when no run has published yet. */
export async function readRelease(database: ProgevalDatabase): Promise<ReleaseState> {
  const release = await database.db
    .selectFrom('disclosure_releases')
    .select(['release_id', 'started_at'])
    .orderBy('release_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!release) return { releaseId: null, startedAt: null, cells: [] };
  const releaseId = Number(release.release_id);
  const rows = await database.db
    .selectFrom('disclosure_register')
    .select(['population', 'variant', 'value'])
    .where('release_id', '=', releaseId)
    .orderBy('population')
    .orderBy('variant')
    .orderBy('value')
    .execute();
  return {
    releaseId,
    startedAt: release.started_at,
    cells: rows.map((r) => ({ population: r.population, variant: r.variant, value: Number(r.value) })),
  };
}

/** Start a new release (a fresh register), returning its id. */
export async function startRelease(database: ProgevalDatabase, reason: string, startedAt: string): Promise<number> {
  nonEmpty('release reason', reason);
  nonEmpty('release start time', startedAt);
  const row = await database.db
    .insertInto('disclosure_releases')
    .values({ started_at: startedAt, reason })
    .returning('release_id')
    .executeTakeFirstOrThrow();
  return Number(row.release_id);
}

/**
 * Record published cells under the current release (starting one with reason 'first run' if
 * none exists), idempotently, in one transaction. Returns the release id. A cell already in
 * the release keeps the `run_started_at` of the run that first published it.
 */
export async function recordPublishedCells(database: ProgevalDatabase, cells: readonly RegisteredCell[], runStartedAt: string): Promise<number> {
  nonEmpty('run start time', runStartedAt);
  const checked = cells.map(checkCell);

  return database.db.transaction().execute(async (trx) => {
    // A write first, so SQLite takes the write lock at once: no other writer can start a
    // release between this transaction reading the current one and recording under it.
    await trx
      .insertInto('disclosure_releases')
      .columns(['started_at', 'reason'])
      .expression(
        trx
          .selectNoFrom((eb) => [eb.val(runStartedAt).as('started_at'), eb.val(FIRST_RUN).as('reason')])
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('disclosure_releases').select('release_id')))),
      )
      .execute();
    const current = await trx
      .selectFrom('disclosure_releases')
      .select('release_id')
      .orderBy('release_id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const releaseId = Number(current.release_id);

    for (let i = 0; i < checked.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto('disclosure_register')
        .values(checked.slice(i, i + ROWS_PER_INSERT).map((c) => ({ release_id: releaseId, run_started_at: runStartedAt, ...c })))
        .onConflict((oc) => oc.columns(['release_id', 'population', 'variant', 'value']).doNothing())
        .execute();
    }
    return releaseId;
  });
}
