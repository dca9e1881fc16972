import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { HeadlineEstimate, RunRecord } from '../../../schemas/runHistory.ts';
import { planFileSha256 } from '../../analyse/readPlan.ts';
import { readRuns } from '../../db/runRegistry.ts';
import { databaseOption, openDatabase } from '../../db/open.ts';
import { BadInput, type CommandOutcome } from '../exitCodes.ts';
import { textTable } from '../table.ts';
import { QUIET_OPTION, report, type QuietOptions } from '../quiet.ts';
import { fmt, SCALE_PRINT, VERDICT_LABEL } from '../../../reports/html/verdictSentences.ts';
import { COMMANDS } from '../commandIndex.ts';

export interface HistoryOptions extends QuietOptions {
  db: string;
  plan?: string;
  all?: boolean;
}

/** What a headline figure is about, in a few words: "programme: 12-month reoffending", "band: self_management (ANCOVA)". */
function label(e: HeadlineEstimate): string {
  const what = e.outcome === 'reoffending' ? (e.window_months ? `${e.window_months}-month reoffending` : 'time to reoffence') : (e.measure ?? e.outcome);
  const how = e.kind === 'verdict' ? '' : e.kind === 'readiness' ? ' (when assessable)' : e.kind === 'ancova' ? ' (ANCOVA)' : e.kind === 'cox' ? ' (Cox HR)' : ` (${e.kind})`;
  return `${e.comparison}: ${what}${how}`;
}

/** A figure as the terminal shows it: the verdict word and interval, or the estimate and interval, or the readiness. */
function cell(e: HeadlineEstimate | undefined): string {
  if (!e) return '';
  if (e.kind === 'readiness') return e.verdict === 'now' ? 'now' : e.verdict ? `from ${e.verdict.slice(0, 7)}` : '—';
  const print = SCALE_PRINT[e.scale as keyof typeof SCALE_PRINT];
  const f = (x: number) => fmt((print?.factor ?? 1) * x, print?.digits ?? 2);
  const interval = e.ci_low !== null && e.ci_high !== null ? `${f(e.ci_low)} to ${f(e.ci_high)}` : e.estimate !== null ? f(e.estimate) : 'withheld or none';
  const word = e.kind === 'verdict' && e.verdict ? `${VERDICT_LABEL[e.verdict as keyof typeof VERDICT_LABEL] ?? e.verdict}: ` : '';
  return `${word}${interval}`;
}

/** Each headline figure's path across the runs: one row per figure, one column per run. */
export function historyTable(runs: readonly RunRecord[]): { head: string[]; rows: string[][] } {
  const order = ['verdict', 'readiness', 'ancova', 'cox', 'cusum'];
  const keys = [...new Map(runs.flatMap((r) => r.estimates.map((e) => [e.key, e] as const))).values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const head = ['figure', ...runs.map((r) => `run ${r.run_id} (${r.extract_date ?? 'no date'})`)];
  const rows = keys.map((k) => [label(k), ...runs.map((r) => cell(r.estimates.find((e) => e.key === k.key)))]);
  return { head, rows };
}

export async function runHistory(options: HistoryOptions): Promise<number> {
  let planSha256: string | undefined;
  if (options.plan) {
    try {
      planSha256 = planFileSha256(readFileSync(options.plan));
    } catch {
      throw new BadInput(`${options.plan}: the plan file cannot be read`);
    }
  }
  const database = await openDatabase(options.db, { mustExist: true });
  try {
    const runs = await readRuns(database, { ...(planSha256 ? { planSha256 } : {}), allStatuses: options.all ?? false });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ database: database.location, runs }, null, 2)}\n`);
      return 0;
    }
    if (!runs.length) {
      report(options, `No ${options.all ? '' : 'complete '}runs recorded in ${database.location}${options.plan ? ` for the plan ${options.plan}` : ''} yet: \`progeval run\` records each one.\n`);
      return 0;
    }
    const lines = [
      `Runs recorded in ${database.location}${options.plan ? ` for the plan ${options.plan}` : ''}:`,
      textTable(
        ['run', 'status', 'started', 'extract of', 'plan', 'batches', 'output sha256'],
        runs.map((r) => [r.run_id, r.status, r.started_at, r.extract_date ?? '', `${r.plan_title} (${r.plan_sha256.slice(0, 8)}…)`, r.batches.join(','), r.output_sha256 ? `${r.output_sha256.slice(0, 12)}…` : '']),
      ),
    ];
    // Figures move only within one plan: show their paths per plan.
    for (const sha of [...new Set(runs.map((r) => r.plan_sha256))]) {
      const mine = runs.filter((r) => r.plan_sha256 === sha);
      const { head, rows } = historyTable(mine);
      lines.push('', `How the headline figures moved (${mine[0]!.plan_title}, plan ${sha.slice(0, 8)}…; reoffending differences in percentage points):`, textTable(head, rows));
    }
    report(options, `${lines.join('\n')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

export function historyCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('history')
    .summary(COMMANDS.history.summary)
    .description(
      'List the runs `progeval run` has recorded in the database (when, which plan, which load batches, how they ended, ' +
        'the hash of their output), and for each plan every headline figure run by run: each verdict with its 95% CI, ' +
        'when each margin becomes assessable, and each comparison\'s ANCOVA and Cox estimate. Only published (disclosed) ' +
        'figures are recorded. Complete runs only, unless --all.\n\nExamples:\n  progeval history\n  progeval history --plan plan.yaml --json',
    )
    .option(...databaseOption())
    .option('--plan <file>', 'only the runs of this plan (by the SHA-256 of its text)')
    .option('--all', 'include running and failed runs')
    .option('--json', 'print as JSON')
    .option(...QUIET_OPTION)
    .action(async (options: HistoryOptions) => {
      outcome.code = await runHistory(options);
    });
}
