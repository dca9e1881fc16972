/**
 * `progeval reproduce OUT/manifest.json --extract DIR…` (issue 13): run a published report
 * again from its inputs and prove it is the same. The extract folders must be the ones the
 * manifest names (every file's SHA-256, batch by batch, oldest first), or it refuses (exit 2).
 * It loads them into a fresh database in a temporary folder, runs the plan verbatim from the
 * manifest with the two inputs a fresh database lacks (the release register the run was
 * checked against, and the earlier runs' headline figures from OUT/results.json), and compares
 * every output file's SHA-256 with the manifest's and with the files in OUT. Exit 0 when all
 * agree, 3 listing what differs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { readManifest, verifyOutput } from '../../../reports/output/outputFolder.ts';
import { manifestSchema, type Manifest } from '../../../reports/output/manifest.ts';
import { resultsSchema, type Results } from '../../../schemas/results.ts';
import { openDatabase } from '../../db/open.ts';
import { sha256File } from '../../extract/extractFolder.ts';
import { loadExtract } from '../../load/loadExtract.ts';
import { BadInput, EXIT_MISMATCH, type CommandOutcome } from '../exitCodes.ts';
import { runRun } from './run.ts';
import { QUIET_OPTION, report, reportFailure, type QuietOptions } from '../quiet.ts';
import { COMMANDS } from '../commandIndex.ts';

export interface ReproduceOptions extends QuietOptions {
  extract: string[];
}

export interface Difference {
  path: string;
  problem: string;
}

function readManifestFile(file: string): Manifest & { run: NonNullable<Manifest['run']> } {
  let parsed: Manifest;
  try {
    parsed = manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new BadInput(`${file}: not a progeval manifest.json (it cannot be read, or is not one progeval wrote)`);
  }
  if (parsed.export) throw new BadInput(`${file}: this is the manifest of a row-level export (progeval export), not of a report; reproduce checks a report's published numbers`);
  if (!parsed.run) throw new BadInput(`${file}: this manifest records no run (no plan, inputs or seed), so there is nothing to reproduce from`);
  return parsed as Manifest & { run: NonNullable<Manifest['run']> };
}

/** Refuses (exit 2) extract folders that are not, file for file, the ones the manifest names. */
async function checkExtracts(manifest: Manifest & { run: NonNullable<Manifest['run']> }, extracts: readonly string[]): Promise<void> {
  const inputs = manifest.run.inputs;
  if (extracts.length !== inputs.length) {
    throw new BadInput(`the report was made from ${inputs.length} extract(s), loaded in order; give each with --extract, oldest first (got ${extracts.length})`);
  }
  const problems: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const dir = extracts[i]!;
    for (const f of input.files) {
      const file = join(dir, f.file);
      if (!existsSync(file)) {
        problems.push(`${dir}: ${f.file} is missing`);
        continue;
      }
      const sha = await sha256File(file);
      if (sha !== f.sha256) problems.push(`${dir}: ${f.file} has SHA-256 ${sha.slice(0, 12)}…, the manifest says ${f.sha256.slice(0, 12)}…`);
    }
  }
  if (problems.length) throw new BadInput(`these are not the extracts the report was made from:\n  ${problems.join('\n  ')}`);
}

/** Every difference between the original output (its manifest and its files) and the rerun's. */
export function compareOutputs(original: Manifest, rerun: Manifest, outProblems: readonly string[]): Difference[] {
  const again = new Map(rerun.files.map((f) => [f.path, f]));
  const out: Difference[] = outProblems.map((p) => ({ path: p.split(':')[0]!, problem: `in OUT: ${p.slice(p.indexOf(':') + 2)}` }));
  for (const f of original.files) {
    const g = again.get(f.path);
    if (!g) out.push({ path: f.path, problem: 'the rerun did not write it' });
    else if (g.sha256 !== f.sha256) out.push({ path: f.path, problem: `the rerun wrote other bytes (SHA-256 ${g.sha256.slice(0, 12)}…, the manifest says ${f.sha256.slice(0, 12)}…)` });
  }
  const listed = new Set(original.files.map((f) => f.path));
  for (const g of rerun.files) if (!listed.has(g.path)) out.push({ path: g.path, problem: 'the rerun wrote it, the original did not' });
  return out;
}

export async function runReproduce(manifestFile: string, options: ReproduceOptions): Promise<number> {
  const manifest = readManifestFile(manifestFile);
  const outDir = dirname(manifestFile);
  await checkExtracts(manifest, options.extract);
  // The earlier runs' figures the trend drew, from the report's own results.json (its hash is checked below).
  let history: Results['history'] = [];
  const resultsFile = join(outDir, 'results.json');
  if (existsSync(resultsFile)) {
    const parsed = resultsSchema.safeParse(JSON.parse(readFileSync(resultsFile, 'utf8')));
    if (parsed.success) history = parsed.data.history.slice(0, -1);
  }
  const work = mkdtempSync(join(tmpdir(), 'progeval-reproduce-'));
  try {
    const plan = join(work, 'plan.yaml');
    writeFileSync(plan, manifest.run.plan.text);
    const db = join(work, 'reproduce.db');
    const database = await openDatabase(db, { mustExist: false });
    try {
      for (const dir of options.extract) await loadExtract(database, dir);
    } finally {
      await database.close();
    }
    const rerunOut = join(work, 'out');
    const code = await runRun({ plan, out: rerunOut, db, progress: 'none', quiet: true, replay: { release: manifest.run.release, history } });
    if (code !== 0) return code;
    const rerun = readManifest(rerunOut)!;
    const differences = compareOutputs(manifest, rerun, verifyOutput(outDir));
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ manifest: manifestFile, files: manifest.files.length, reproduced: differences.length === 0, differences }, null, 2)}\n`);
    } else if (differences.length === 0) {
      report(options, `Reproduced: all ${manifest.files.length} output files are byte for byte the ones ${manifestFile} lists, from the same ${options.extract.length} extract(s) and plan.\n`);
    } else {
      reportFailure(options, `Not reproduced: ${differences.length} difference(s):\n${differences.map((d) => `  ${d.path}: ${d.problem}`).join('\n')}\n`);
    }
    return differences.length === 0 ? 0 : EXIT_MISMATCH;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function reproduceCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('reproduce')
    .summary(COMMANDS.reproduce.summary)
    .description(
      'Check that OUT was made from these extracts (every file\'s SHA-256, as its manifest lists them; exit 2 if not), run the ' +
        'plan recorded in the manifest again in a temporary folder with a fresh database, and compare every output file with the ' +
        'manifest and with OUT. Exit 0 when they all agree, 3 listing what differs.\n\n' +
        'Example:\n  progeval reproduce out/manifest.json --extract extracts/2026-10\n' +
        '  progeval reproduce out/manifest.json --extract extracts/2026-04 --extract extracts/2026-10   # loaded in that order',
    )
    .argument('<manifest>', 'OUT/manifest.json of the report to reproduce')
    .requiredOption('--extract <dir>', 'an extract folder the report was made from (repeat, oldest first)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--json', 'print as JSON')
    .option(...QUIET_OPTION)
    .action(async (manifest: string, options: ReproduceOptions) => {
      outcome.code = await runReproduce(manifest, options);
    });
}
