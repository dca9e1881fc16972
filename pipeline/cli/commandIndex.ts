/**
 * Every command, what `progeval --help` says of it, and the module that defines it.
 *
 * A command's module, and everything it imports (the database drivers, the statistics, vega),
 * is loaded only when that command is used, so `progeval --help` and `progeval status` start
 * in a fraction of a second instead of loading some two thousand modules. The summaries live
 * here, once: the top-level help lists them without loading any command, and each command's
 * module declares itself with the same words (test/pipeline/cli/commandIndex.test.ts checks
 * that every listed command's usage is what its module declares).
 */
import type { Command } from 'commander';
import type { CommandOutcome } from './exitCodes.ts';

export type AddCommand = (program: Command, outcome: CommandOutcome) => void;

export const COMMAND_SUMMARY = {
  generate: 'write a synthetic, seeded extract with known true effects',
  ingest: 'load an extract folder into the database',
  status: 'what is loaded, the load history and quarantine counts',
  quarantine: 'list the rows refused at load, with file, line, column and reason',
  check: 'check the database: integrity, foreign keys, and that every load reconciles',
  levels: 'list the comparison factors and the levels the loaded data have, with counts of people',
  plan: 'start an analysis plan',
  run: 'analyse a plan and write a report safe to publish: OUT/report.html, results.json, charts, tables',
  history: 'the runs recorded, and how each headline figure moved from run to run',
  reproduce: 'run a report again from its manifest and extracts, and prove every output is the same',
  export: 'write the analysis-ready dataset for approved academic partners (row-level: not for publication)',
  db: 'administering a shared PostgreSQL database',
  contract: 'print the data contract an extract must follow',
  demo: 'generate a synthetic extract, load it, show the status and analyse it, after a run six months before',
} as const;

export type CommandName = keyof typeof COMMAND_SUMMARY;

/** Each command's usage line in the top-level help (what commander derives from its arguments and options), and its module. */
export const COMMANDS: Record<CommandName, { usage: string; load: () => Promise<AddCommand> }> = {
  generate: { usage: '[options]', load: async () => (await import('./commands/generate.ts')).generateCommand },
  ingest: { usage: '[options] <dir>', load: async () => (await import('./commands/ingest.ts')).ingestCommand },
  status: { usage: '[options]', load: async () => (await import('./commands/status.ts')).statusCommand },
  quarantine: { usage: '[options]', load: async () => (await import('./commands/quarantine.ts')).quarantineCommand },
  check: { usage: '[options]', load: async () => (await import('./commands/check.ts')).checkCommand },
  levels: { usage: '[options]', load: async () => (await import('./commands/levels.ts')).levelsCommand },
  plan: { usage: '', load: async () => (await import('./commands/plan.ts')).planCommand },
  run: { usage: '[options]', load: async () => (await import('./commands/run.ts')).runCommand },
  history: { usage: '[options]', load: async () => (await import('./commands/history.ts')).historyCommand },
  reproduce: { usage: '[options] <manifest>', load: async () => (await import('./commands/reproduce.ts')).reproduceCommand },
  export: { usage: '[options]', load: async () => (await import('./commands/export.ts')).exportCommand },
  db: { usage: '', load: async () => (await import('./commands/db.ts')).dbCommand },
  contract: { usage: '', load: async () => (await import('./commands/contract.ts')).contractCommand },
  demo: { usage: '[options]', load: async () => (await import('./commands/demo.ts')).demoCommand },
};
