/**
 * `--quiet`, the same on every command a scheduler runs: print nothing but errors, and let the
 * exit code say how it went. JSON asked for with `--json` is still printed (a machine asked
 * for it); progress and notes are not.
 */
export interface QuietOptions {
  quiet?: boolean;
  json?: boolean;
}

/** The option as every command declares it: `.option(...QUIET_OPTION)`. */
export const QUIET_OPTION = ['--quiet', 'print nothing but errors (for schedulers: the exit code says how it went; --json output is still printed)'] as const;

/** A command's human-readable report on stdout, unless --quiet. */
export function report(options: QuietOptions, text: string): void {
  if (!options.quiet) process.stdout.write(text);
}

/** A failure the user must see even with --quiet: on stdout normally (it is the report), on stderr when quiet. */
export function reportFailure(options: QuietOptions, text: string): void {
  (options.quiet ? process.stderr : process.stdout).write(text);
}
