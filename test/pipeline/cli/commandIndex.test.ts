/**
 * The command index (pipeline/cli/commandIndex.ts): `progeval --help` lists every command from
 * the index without loading any command's module, so the index's usage lines must be what
 * each module declares; and the top-level help must load no database driver, statistics or
 * chart module (issue 15: `--help` starts in a fraction of a second).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandName } from '../../../pipeline/cli/commandIndex.ts';
import { buildProgram } from '../../../pipeline/cli/main.ts';

const BIN = join(import.meta.dirname, '../../../bin/progeval.js');

describe('the command index', () => {
  it.each(Object.keys(COMMANDS) as CommandName[])('lists %s with the usage and summary its module declares', async (name) => {
    const program = new Command('progeval');
    (await COMMANDS[name].load())(program, { code: 0 });
    const command = program.commands.find((c) => c.name() === name)!;
    expect(command, `${name}'s module defines a command named ${name}`).toBeDefined();
    expect(new Help().subcommandTerm(command)).toBe([name, COMMANDS[name].usage].filter(Boolean).join(' '));
    expect(command.summary()).toBe(COMMANDS[name].summary);
  });

  it('defines in full only the command named, and lists the others', async () => {
    const program = await buildProgram({ code: 0 }, ['node', 'progeval', 'help', 'ingest']);
    const [ingest, status] = ['ingest', 'status'].map((n) => program.commands.find((c) => c.name() === n)!);
    expect(ingest!.registeredArguments.map((a) => a.name())).toEqual(['dir']);
    expect(status!.options).toEqual([]);
    expect(program.helpInformation()).toContain('ingest [options] <dir>');
    expect(program.helpInformation()).toContain(`status [options]                ${COMMANDS.status.summary.split(' ').slice(0, 3).join(' ')}`);
  });

  it('loads no database driver, statistics or chart module for --help', () => {
    // Record every module the process resolves (a loader hook), then run `progeval --help`.
    const dir = mkdtempSync(join(tmpdir(), 'progeval-modules-'));
    const log = join(dir, 'modules.log');
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`,
    );
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
    const run = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, BIN, '--help'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Start here:\n  progeval demo');
    const modules = [...new Set(readFileSync(log, 'utf8').trim().split('\n'))];
    const ours = modules.filter((m) => /\/(pipeline|reports|schemas)\//.test(m));
    expect(ours.every((m) => !/\/(db\/(sqlite|postgres)|analyse\/stats|reports\/charts)\//.test(m)), ours.join('\n')).toBe(true);
    expect(modules.filter((m) => /node_modules\/(kysely|better-sqlite3|pg|vega|vega-lite|zod|@stdlib|ml-matrix)\//.test(m))).toEqual([]);
    expect(ours.length).toBeLessThan(15);
  });
});
