/**
 * The run registry (issue 13): each `progeval run` is recorded when it starts (status
 * `running`), with the headline figures it publishes, and marked `complete` with the hash of
 * its output manifest, or `failed`. `progeval history` and the report's trend chart read it.
 * Only disclosed values are written: aggregates, never a pseudonym.
 */
import type { HeadlineEstimate, RunRecord } from '../../schemas/runHistory.ts';
import type { ProgevalDatabase } from './dialect.ts';

export interface RunStart {
  startedAt: string;
  planSha256: string;
  planTitle: string;
  extractDate: string | null;
  batches: readonly number[];
  progevalVersion: string;
  estimates: readonly HeadlineEstimate[];
}

/** Columns per estimate row; rows per INSERT kept under SQLite's 999 bound variables. */
const ROWS_PER_INSERT = Math.floor(999 / 13);

/** Records a run as started, with its headline figures, in one transaction; returns its id. */
export async function startRun(database: ProgevalDatabase, run: RunStart): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('runs')
      .values({
        status: 'running',
        started_at: run.startedAt,
        finished_at: null,
        plan_sha256: run.planSha256,
        plan_title: run.planTitle,
        extract_date: run.extractDate,
        batches: run.batches.join(','),
        progeval_version: run.progevalVersion,
        output_sha256: null,
      })
      .returning('run_id')
      .executeTakeFirstOrThrow();
    const runId = Number(row.run_id);
    const rows = run.estimates.map((e) => ({ run_id: runId, ...e }));
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await trx.insertInto('run_estimates').values(rows.slice(i, i + ROWS_PER_INSERT)).execute();
    return runId;
  });
}

/** Marks a run complete (with its manifest's hash) or failed. */
export async function finishRun(database: ProgevalDatabase, runId: number, outcome: { status: 'complete' | 'failed'; finishedAt: string; outputSha256: string | null }): Promise<void> {
  await database.db
    .updateTable('runs')
    .set({ status: outcome.status, finished_at: outcome.finishedAt, output_sha256: outcome.outputSha256 })
    .where('run_id', '=', runId)
    .execute();
}

/**
 * The registered runs, oldest first, each with its headline figures; only those of one plan
 * (by the SHA-256 of its text) when `planSha256` is given, and only complete ones unless
 * `allStatuses`.
 */
export async function readRuns(database: ProgevalDatabase, options: { planSha256?: string; allStatuses?: boolean } = {}): Promise<RunRecord[]> {
  let query = database.db.selectFrom('runs').selectAll().orderBy('run_id');
  if (options.planSha256) query = query.where('plan_sha256', '=', options.planSha256);
  if (!options.allStatuses) query = query.where('status', '=', 'complete');
  const runs = await query.execute();
  if (!runs.length) return [];
  const estimates = await database.db
    .selectFrom('run_estimates')
    .selectAll()
    .where('run_id', 'in', runs.map((r) => Number(r.run_id)))
    .orderBy('run_id')
    .orderBy('key')
    .execute();
  const byRun = new Map<number, HeadlineEstimate[]>();
  for (const { run_id, ...e } of estimates) {
    const list = byRun.get(Number(run_id)) ?? [];
    list.push({ ...e, kind: e.kind as HeadlineEstimate['kind'], window_months: e.window_months === null ? null : Number(e.window_months) });
    byRun.set(Number(run_id), list);
  }
  return runs.map((r) => ({
    run_id: Number(r.run_id),
    status: r.status as RunRecord['status'],
    started_at: r.started_at,
    finished_at: r.finished_at,
    plan_sha256: r.plan_sha256,
    plan_title: r.plan_title,
    extract_date: r.extract_date,
    batches: r.batches ? r.batches.split(',').map(Number) : [],
    progeval_version: r.progeval_version,
    output_sha256: r.output_sha256,
    estimates: byRun.get(Number(r.run_id)) ?? [],
  }));
}
