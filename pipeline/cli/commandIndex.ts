/**
 * Every command, what `progeval --help` says of it, and the module that defines it.
 *
 * A command's module, and everything it imports (the database drivers, the statistics, vega),
 * is loaded only when that command is used, so `progeval --help` and `progeval status` start
 * in a fraction of a second instead of loading some two thousand modules. The summaries live
 * here, once: the top-level help lists them without loading any command, and each command's
 * module declares itself with `COMMANDS.<name>.summary` (test/pipeline/cli/commandIndex.test.ts
 * checks that every listed command's usage is what its module declares).
 */
import type { Command } from 'commander';
import type { CommandOutcome } from './exitCodes.ts';

export type AddCommand = (program: Command, outcome: CommandOutcome) => void;

/**
 * Each command: its summary, its usage line in the top-level help (what commander derives from
 * its arguments and options), and its module.
 */
export const COMMANDS = {
  generate: {
    summary: 'write a synthetic, seeded extract with known true effects',
    usage: '[options]',
    load: async () => (await import('./commands/generate.ts')).generateCommand,
  },
  ingest: {
    summary: 'load an extract folder into the database',
    usage: '[options] <dir>',
    load: async () => (await import('./commands/ingest.ts')).ingestCommand,
  },
  status: {
    summary: 'what is loaded, the load history and quarantine counts',
    usage: '[options]',
    load: async () => (await import('./commands/status.ts')).statusCommand,
  },
  quarantine: {
    summary: 'list the rows refused at load, with file, line, column and reason',
    usage: '[options]',
    load: async () => (await import('./commands/quarantine.ts')).quarantineCommand,
  },
  check: {
    summary: 'check the database: integrity, foreign keys, and that every load reconciles',
    usage: '[options]',
    load: async () => (await import('./commands/check.ts')).checkCommand,
  },
  levels: {
    summary: 'list the comparison factors and the levels the loaded data have, with counts of people',
    usage: '[options]',
    load: async () => (await import('./commands/levels.ts')).levelsCommand,
  },
  plan: {
    summary: 'start an analysis plan',
    usage: '',
    load: async () => (await import('./commands/plan.ts')).planCommand,
  },
  run: {
    summary: 'analyse a plan and write a report safe to publish: OUT/report.html, results.json, charts, tables',
    usage: '[options]',
    load: async () => (await import('./commands/run.ts')).runCommand,
  },
  history: {
    summary: 'the runs recorded, and how each headline figure moved from run to run',
    usage: '[options]',
    load: async () => (await import('./commands/history.ts')).historyCommand,
  },
  reproduce: {
    summary: 'run a report again from its manifest and extracts, and prove every output is the same',
    usage: '[options] <manifest>',
    load: async () => (await import('./commands/reproduce.ts')).reproduceCommand,
  },
  export: {
    summary: 'write the analysis-ready dataset for approved academic partners (row-level: not for publication)',
    usage: '[options]',
    load: async () => (await import('./commands/export.ts')).exportCommand,
  },
  db: {
    summary: 'administering a shared PostgreSQL database',
    usage: '',
    load: async () => (await import('./commands/db.ts')).dbCommand,
  },
  contract: {
    summary: 'print the data contract an extract must follow',
    usage: '',
    load: async () => (await import('./commands/contract.ts')).contractCommand,
  },
  open: {
    summary: "print the path of a run's report, and open it in the browser where there is one",
    usage: '[options] <out>',
    load: async () => (await import('./commands/open.ts')).openCommand,
  },
  demo: {
    summary: 'generate a synthetic extract, load it, show the status and analyse it, after a run six months before',
    usage: '[options]',
    load: async () => (await import('./commands/demo.ts')).demoCommand,
  },
} satisfies Record<string, { summary: string; usage: string; load: () => Promise<AddCommand> }>;

export type CommandName = keyof typeof COMMANDS;
