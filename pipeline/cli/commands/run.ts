import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { planFileSha256, readPlan } from '../../analyse/readPlan.ts';
import { runAnalysis } from '../../analyse/runAnalysis.ts';
import { readRelease, recordPublishedCells, startRelease } from '../../db/disclosureRegister.ts';
import { finishRun, readRuns, startRun } from '../../db/runRegistry.ts';
import { databaseOption, defaultDatabase, isPostgresUrl, openDatabase, type RunLock } from '../../db/open.ts';
import { isWithin } from '../../extract/isWithin.ts';
import { loadExtract } from '../../load/loadExtract.ts';
import { discloseResults } from '../../../reports/disclosure/discloseResults.ts';
import { isDiskFull } from '../../../reports/output/diskFull.ts';
import { claimOutput, openOutput, OutputRefused, type OutputClaim, type PendingOutput } from '../../../reports/output/outputFolder.ts';
import { writeReport, type WrittenReport } from '../../../reports/writeReport.ts';
import { RANGES_THREAD_FROM, startRangesThread, type RangesThread } from '../../../reports/disclosure/rangesThread.ts';
import { packageLockSha256, PROGEVAL_VERSION, softwareVersions } from '../../version.ts';
import type { ManifestRun } from '../../../reports/output/manifest.ts';
import { BadInput, EXIT_INTERNAL, type CommandOutcome } from '../exitCodes.ts';
import { progressReporter, type ProgressMode } from '../progress.ts';
import { describeLoad } from './ingest.ts';
import { textTable } from '../table.ts';
import { QUIET_OPTION } from '../quiet.ts';
import { fmt, intervalDigits, SCALE_PRINT, VERDICT_LABEL } from '../../../reports/html/verdictSentences.ts';
import type { AnalysisResults, Results } from '../../../schemas/results.ts';
import { COMMANDS } from '../commandIndex.ts';

export interface RunOptions {
  extract?: string;
  plan: string;
  out: string;
  db?: string;
  progress: ProgressMode;
  freshRelease?: boolean;
  /**
   * For `progeval reproduce`: the inputs a fresh database lacks, as the original run's
   * manifest and results.json recorded them (the release register it was checked against, and
   * the earlier runs' headline figures), used instead of reading this database's.
   */
  replay?: { release: ManifestRun['release']; history: Results['history'] };
  /** Print nothing but errors (for reproduce and schedulers). */
  quiet?: boolean;
  /** Print the outcome as JSON on stdout (progress and steps stay on stderr). */
  json?: boolean;
}

/** True when `file` would sit inside the folder `out` (real paths: links and `..` resolved). */
function isInside(file: string, out: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      const parent = dirname(p);
      return parent === p ? p : join(real(parent), basename(p));
    }
  };
  return isWithin(real(out), real(resolve(file)));
}

/**
 * Would the database file sit inside `folder` (a report's OUT, an export)? The database holds
 * pseudonyms, and neither may. Never for an in-memory database or a server's.
 */
export function databaseInside(db: string, folder: string): boolean {
  return db !== ':memory:' && !isPostgresUrl(db) && isInside(db, folder);
}

/** What OUT/manifest.json records of what a run (or an export) read, so that it can be made again. */
export function manifestRunOf(planText: Buffer, seed: number, inputs: ManifestRun['inputs'], release: ManifestRun['release']): ManifestRun {
  return {
    node_version: process.versions.node,
    package_lock_sha256: packageLockSha256(),
    plan: { sha256: planFileSha256(planText), text: planText.toString('utf8') },
    seed,
    inputs,
    release,
  };
}

/** Claim OUT for this run (see reports/output/outputFolder.ts); a folder progeval may not replace is bad input. */
function claimOut(out: string): OutputClaim {
  try {
    return claimOutput(out);
  } catch (e) {
    if (e instanceof OutputRefused) throw new BadInput(e.message);
    throw e;
  }
}

export async function runRun(options: RunOptions): Promise<number> {
  const plan = readPlan(options.plan);
  // Never inside OUT: the database holds pseudonyms, and nothing in OUT may.
  const dbFile = options.db ?? defaultDatabase();
  if (databaseInside(dbFile, options.out)) {
    throw new BadInput(`--db ${dbFile} is inside the output folder ${options.out}: the database holds pseudonyms, and nothing in OUT may. Keep the database outside OUT.`);
  }
  const claim = claimOut(options.out);
  // --quiet: errors only (what a scheduler mails); the disk-full message below is an error and stays.
  const note = (text: string) => (options.quiet ? undefined : process.stderr.write(text));
  for (const line of claim.repaired) note(`${line}\n`);
  const database = await openDatabase(dbFile, { mustExist: !options.extract, onWait: (m) => note(`progeval: ${m}\n`) });
  const progress = progressReporter(options.quiet ? 'none' : options.progress, 'bytes');
  let runLock: RunLock | undefined;
  let rangesThread: RangesThread | undefined;
  try {
    if (options.extract) {
      const load = await loadExtract(database, options.extract, { onProgress: (p) => progress.update(p.file, p.bytes, p.totalBytes, `${p.rows} rows`) });
      progress.stop();
      note(`${describeLoad(load, options.extract, database.location)}\n\n`);
    }
    // Runs take turns from here to the release register, so each is checked against every
    // cell the runs before it published (two at once would each miss the other's).
    runLock = await database.runLock();
    const step = (s: string) => note(`${s} …\n`);
    const runStartedAt = new Date().toISOString();
    const minCell = plan.disclosure.min_cell;
    // Every read in one snapshot: a load committing meanwhile is seen whole or not at all.
    // The plan's identity in the run registry: the SHA-256 of its text.
    const planText = readFileSync(options.plan);
    const planSha256 = planFileSha256(planText);
    const { results, earlier, runs } = await database.readSnapshot(async () => {
      const analysed = await runAnalysis(database, plan, step);
      step(`disclosure control (no cell from fewer than ${minCell} people, across comparisons, models and releases)`);
      // A large run shares disclosure control's largest LPs with a second thread, started now
      // so that it has loaded HiGHS by the time they come.
      if (enrolmentsAnalysed(analysed) >= RANGES_THREAD_FROM) rangesThread = startRangesThread();
      return { results: analysed, earlier: await readRelease(database), runs: await readRuns(database, { planSha256 }) };
    });
    const release = options.replay
      ? { id: options.replay.release.id, fresh: options.replay.release.fresh, cells: options.replay.release.cells }
      : options.freshRelease
        ? { id: null, fresh: true, cells: [] }
        : { id: earlier.releaseId, fresh: false, cells: earlier.cells };
    const unregistered = options.replay ? options.replay.release.unregistered : database.readOnly;
    // A read-only database cannot register this run's cells, so its output is not a release.
    // The trend across scheduled runs: one point per state of the data (the load batches in force),
    // its latest run; a rerun on the same data replaces its point rather than adding one, so it
    // writes the same bytes.
    const batchesOf = (batches: readonly number[]) => batches.join(',');
    const batchIds = results.data.batches.flatMap((b) => (b.batch_id === null ? [] : [b.batch_id]));
    const current = batchesOf(batchIds);
    const latest = new Map(runs.filter((r) => batchesOf(r.batches) !== current).map((r) => [batchesOf(r.batches), r]));
    const history = options.replay?.history ?? [...latest.values()].sort((a, b) => a.run_id - b.run_id).map((r) => ({ extract_date: r.extract_date, estimates: r.estimates }));
    const { results: disclosed, log, publishedCells } = await discloseResults(results, { minCell, release, unregistered, history, ...(rangesThread ? { thread: rangesThread } : {}) });
    await rangesThread?.stop();
    if (log.unprotected.length) throw new Error(`disclosure control could not protect ${log.unprotected.length} withheld count(s); nothing was written`);
    // The run registry: this run and its headline figures (as published), complete once its output is.
    const runId = database.readOnly
      ? null
      : await startRun(database, {
          startedAt: runStartedAt,
          planSha256,
          planTitle: plan.title,
          extractDate: disclosed.data.dates?.extract_date ?? null,
          batches: batchIds,
          progevalVersion: PROGEVAL_VERSION,
          estimates: disclosed.history.at(-1)?.estimates ?? [],
        });
    const runFailed = async () => {
      if (runId !== null) await finishRun(database, runId, { status: 'failed', finishedAt: new Date().toISOString(), outputSha256: null }).catch(() => undefined);
    };

    // The order matters: (1) the whole output is written and flushed in a temporary folder
    // beside OUT; (2) the release register records its cells; (3) the output is swapped in
    // for OUT. A full disk or crash during (1) leaves OUT and the database as they were. The
    // register comes before the swap, so a published cell is always registered: a crash
    // between (2) and (3) leaves the register counting cells that were never published, which
    // only makes later releases more cautious; the other order could publish cells a later
    // release is never checked against.
    let output: PendingOutput | undefined;
    let registered = false;
    let written: WrittenReport;
    let releaseId: number | null = null;
    try {
      output = openOutput(claim);
      written = await writeReport(output, disclosed, softwareVersions(), step, log);
      const manifest = output.complete(
        runStartedAt,
        manifestRunOf(planText, plan.seed, results.data.batches, { id: release.id, fresh: release.fresh, unregistered, cells: [...release.cells] }),
      );
      // Only a publishable output is a release: private analyses (min_cell below 10) are not registered.
      if (disclosed.disclosure.publishable) {
        runLock.assertHeld();
        if (options.freshRelease) await startRelease(database, 'fresh release requested (--fresh-release)', runStartedAt);
        releaseId = await recordPublishedCells(database, publishedCells, runStartedAt);
        registered = true;
      }
      // The output's identity: its files and their hashes (not the manifest's timestamp).
      const outputSha256 = createHash('sha256').update(JSON.stringify(manifest.files)).digest('hex');
      if (runId !== null) await finishRun(database, runId, { status: 'complete', finishedAt: new Date().toISOString(), outputSha256 });
      output.commit();
    } catch (e) {
      output?.discard();
      await runFailed();
      if (e instanceof OutputRefused) throw new BadInput(e.message);
      if (!isDiskFull(e)) throw e;
      const registerFull = (e as { code?: unknown }).code === 'SQLITE_FULL';
      process.stderr.write(
        `progeval: disk full while ${registerFull ? `recording the release register in ${database.location}` : `writing the report to ${options.out}`}; ` +
          `nothing was changed: the previous report (if any) is as it was` +
          `${registered ? ' (the release register already counts this run\'s cells, which only makes later releases more cautious)' : ''}. ` +
          `Free some space and run again.\n`,
      );
      return EXIT_INTERNAL;
    }
    const { low, c } = disclosed.disclosure.suppressed_by_reason;
    const narrowest = log.narrowest_interval;
    if (options.json) {
      // For machines: where everything went, what was withheld, the register, and the answers.
      process.stdout.write(
        `${JSON.stringify(
          {
            run_id: runId,
            report: written.report,
            results: written.results,
            disclosure_log: written.log,
            charts: written.charts.length,
            tables: written.tables.length,
            withheld: { low, c, counts: log.withheld_cells.length, narrowest_interval: narrowest },
            publishable: disclosed.disclosure.publishable,
            release: releaseId === null ? null : { id: releaseId, cells: publishedCells.length, fresh: options.freshRelease ?? false },
            verdicts: disclosed.verdicts.map((v) => ({ comparison: v.comparison, outcome: v.outcome, measure: v.measure, window_months: v.window_months, verdict: v.verdict, estimate: v.estimate, ci_low: v.ci_low, ci_high: v.ci_high, margin: v.margin })),
            signals: disclosed.monitoring.cusum.filter((x) => x.first_signal).map((x) => ({ factor: x.factor, level: x.level, first_signal: x.first_signal })),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    if (!options.quiet) process.stdout.write(
      `Wrote ${written.results}, ${written.charts.length} charts and ${written.tables.length} tables.\n` +
        `Withheld for disclosure: ${low} [low] and ${c} [c] values; ${log.withheld_cells.length} counts withheld, ` +
        `narrowest protection interval ${narrowest ? `${narrowest.span ?? 'unbounded'} values` : 'none needed'}; log: ${written.log}\n` +
        (releaseId === null
          ? `Not for publication (${disclosed.disclosure.unregistered ? 'read-only database' : 'min_cell below 10'}): not added to the release register.\n`
          : `Release register: ${publishedCells.length} published cells recorded under release ${releaseId}${options.freshRelease ? ' (a fresh release)' : ''}.\n`) +
        verdictLines(disclosed) +
        `Report: ${written.report}\n`,
    );
    return 0;
  } finally {
    progress.stop();
    await rangesThread?.stop();
    await runLock?.release();
    await database.close();
  }
}

/**
 * How many enrolments the results describe, for choosing one thread or two: the most any
 * comparison counted (its people at each level, and their later enrolments set aside).
 */
function enrolmentsAnalysed(results: AnalysisResults): number {
  const byComparison = new Map<string, number>();
  for (const f of results.flow) byComparison.set(f.comparison, (byComparison.get(f.comparison) ?? 0) + (f.referred ?? 0) + (f.later_enrolments ?? 0));
  return Math.max(0, ...byComparison.values());
}

/** The questions' verdicts as a table for the terminal (published figures only), or nothing without margins. */
function verdictLines(results: Results): string {
  if (!results.verdicts.length || !(results.plan as { margins?: unknown }).margins) return '';
  const outcome = (v: Results['verdicts'][number]) => (v.margin_scale === 'risk_difference' ? `${v.window_months}-month reoffending` : v.margin_scale === 'hazard_ratio' ? 'time to reoffence (HR)' : (v.measure ?? ''));
  const interval = (v: Results['verdicts'][number]) => {
    if (v.ci_low === null || v.ci_high === null) return '';
    const { factor } = SCALE_PRINT[v.margin_scale];
    const d = intervalDigits(v);
    return `${fmt(factor * v.ci_low, d)} to ${fmt(factor * v.ci_high, d)}`;
  };
  const when = (v: Results['verdicts'][number]) => {
    const r = results.readiness.find((x) => x.comparison === v.comparison && x.margin_scale === v.margin_scale && x.window_months === v.window_months && x.measure === v.measure);
    if (!r || ['superior', 'non_inferior', 'inferior'].includes(v.verdict)) return '';
    if (r.assessable_now) return 'now';
    if (r.assessable_from) return `from ${r.assessable_from.slice(0, 7)}`;
    return r.suppressed_reason?.assessable_from ? `[${r.suppressed_reason.assessable_from}]` : 'not within 10 years';
  };
  const rows = results.verdicts.map((v) => [v.comparison, outcome(v), VERDICT_LABEL[v.verdict], interval(v), when(v)]);
  return `Verdicts against the plan's margins (95% CI; reoffending in percentage points):\n${textTable(['question', 'outcome', 'verdict', '95% CI', 'assessable'], rows)}\n`;
}

export function runCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('run')
    .summary(COMMANDS.run.summary)
    .description(
      'Load an extract (if --extract is given) and analyse it as the plan says: for every comparison, attitude ' +
        'change (paired change, reliable change, ANCOVA with CR2 cluster-robust errors) and proven reoffending. ' +
        'Before anything is written, disclosure control withholds every count, rate, mean or estimate from fewer ' +
        'than disclosure.min_cell people (and any cell that could be worked out from the rest). OUT/ then gets ' +
        'report.html (one offline file: summary, charts, tables, methods, limitations), results.json (validated ' +
        'against its schema), charts/*.vl.json and *.svg, tables/*.csv, and manifest.json (every file with its SHA-256).\n\n' +
        'OUT is written atomically: the report is built in a temporary folder beside OUT and swapped in whole, so a ' +
        'failure or a full disk leaves the previous report as it was. progeval replaces OUT whole, so it only uses a ' +
        'new or empty folder or one an earlier run wrote (with its manifest.json); any other folder, or a file, is refused.\n\n' +
        'The database is progeval.db in the current folder unless --db names another (never inside OUT, which ' +
        'must hold nothing identifying); loading is idempotent, so the same run twice gives the same results.',
    )
    .option('--extract <dir>', 'an extract folder to load first')
    .requiredOption('--plan <file>', 'the analysis plan (YAML); see fixtures/plans/building-choices.yaml')
    .requiredOption('--out <dir>', 'the output folder')
    .option(...databaseOption())
    .option('--progress <mode>', 'auto (a bar on a terminal), bar, lines or none', 'auto')
    .option(
      '--fresh-release',
      'start a new release register: do not check this output against figures earlier runs published (the report says so). ' +
        'Without it, a count that differs from an earlier release by fewer than min_cell people is withheld',
    )
    .option(...QUIET_OPTION)
    .option('--json', 'print the outcome as JSON: files written, what was withheld, the release register, the verdicts and CUSUM signals')
    .addHelpText('after', '\nExample:\n  progeval run --extract demo/extract --plan fixtures/plans/building-choices.yaml --out out/')
    .action(async (options: RunOptions) => {
      outcome.code = await runRun(options);
    });
}
