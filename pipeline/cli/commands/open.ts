/**
 * `progeval open OUT`: the report of a finished run. It prints the path of OUT/report.html
 * and its file:// address, and, where a desktop browser can be started, opens it there:
 * `xdg-open` on Linux with a display, `open` on macOS, `start` on Windows. On a server, in
 * CI or with `--print`, it only prints. `--json` prints { report, url, opened }.
 *
 * OUT that is not a folder, or holds no report.html, is bad input (exit 2), named in the error.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { BadInput, type CommandOutcome } from '../exitCodes.ts';
import { COMMANDS } from '../commandIndex.ts';

/** How this platform opens a file in the desktop's browser, or null where there is no desktop to open it on. */
export function browserOpener(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): { command: string; args: (file: string) => string[] } | null {
  if (env['CI']) return null;
  if (platform === 'darwin') return { command: 'open', args: (f) => [f] };
  if (platform === 'win32') return { command: 'cmd', args: (f) => ['/c', 'start', '""', f] };
  if (env['DISPLAY'] || env['WAYLAND_DISPLAY']) return { command: 'xdg-open', args: (f) => [f] };
  return null;
}

/** The report of OUT, checked: its path and file:// address. */
export function reportOf(out: string): { report: string; url: string } {
  const folder = resolve(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new BadInput(`${out}: no such folder (give the --out folder of a run)`);
  const report = join(folder, 'report.html');
  if (!existsSync(report)) throw new BadInput(`${out}: holds no report.html (is it the --out folder of a finished \`progeval run\`?)`);
  return { report, url: pathToFileURL(report).href };
}

export function openCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('open')
    .summary(COMMANDS.open.summary)
    .description(
      'Print the path of a run\'s report (OUT/report.html) and its file:// address, and open it in the browser where there is a desktop ' +
        '(xdg-open with a display, open on macOS, start on Windows). On a server or in CI it only prints.',
    )
    .argument('<out>', 'the --out folder of a run')
    .option('--print', 'only print the path; do not start a browser')
    .option('--json', 'print { report, url, opened } as JSON')
    .addHelpText('after', '\nExamples:\n  progeval open out\n  progeval open out --print\n')
    .action((out: string, options: { print?: boolean; json?: boolean }) => {
      const { report, url } = reportOf(out);
      const opener = options.print ? null : browserOpener();
      if (opener) spawn(opener.command, opener.args(report), { detached: true, stdio: 'ignore' }).on('error', () => {}).unref();
      const opened = opener !== null;
      process.stdout.write(options.json ? `${JSON.stringify({ report, url, opened })}\n` : `${report}\n${url}${opened ? '\n(opening it in your browser)' : ''}\n`);
      outcome.code = 0;
    });
}
