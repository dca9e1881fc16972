/**
 * The output folder OUT, written atomically and owned through OUT/manifest.json.
 *
 * A run never writes into OUT itself. It builds the whole output in a sibling temporary
 * folder, `.<OUT>.progeval-tmp-<pid>-<random>` (same parent, so the same file system), and
 * only when every file and the manifest are written and flushed does it swap the folder in:
 *
 *   1. rename OUT        -> .<OUT>.progeval-old-<pid>-<random>   (the previous report, set aside)
 *   2. rename the temp   -> OUT
 *   3. remove the aside folder
 *
 * Each rename is atomic, so whenever a run stops — an error, a full disk, SIGKILL, a power
 * cut — OUT holds the previous report whole, or the new one whole, or (killed between 1 and
 * 2) nothing, with the previous report intact in the aside folder. The next run repairs that
 * before it does anything else (`claimOutput`): an aside folder left by a process that is no
 * longer running is renamed back to OUT if OUT is missing, and removed otherwise; temporary
 * folders left by a process no longer running are removed.
 *
 * Ownership: progeval replaces OUT whole (so a run with a different plan leaves none of the
 * first plan's charts behind), and therefore only replaces a folder it wrote: OUT must be
 * missing, empty, or hold a progeval manifest and nothing the manifest does not list.
 * Anything else is refused (`OutputRefused`), as is a file given as OUT.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PROGEVAL_VERSION } from '../../pipeline/version.ts';
import { MANIFEST_FILE, MANIFEST_VERSION, manifestSchema, type Manifest, type ManifestExport, type ManifestFile, type ManifestRun } from './manifest.ts';

/**
 * The file-system calls that write the output, in one object so that a test can replace
 * one of them (vi.spyOn(outputFs, 'writeFileSync')) to inject a full disk.
 */
export const outputFs = { openSync, writeFileSync, fsyncSync, closeSync, mkdirSync, mkdtempSync, renameSync, rmSync };

/** OUT cannot be used: the message says why and what to do. The CLI reports it as bad input (exit 2). */
export class OutputRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputRefused';
  }
}

const TMP_TAG = 'progeval-tmp';
const OLD_TAG = 'progeval-old';

/** A claimed output folder: where OUT is (real path), and that progeval may replace it. */
export interface OutputClaim {
  /** OUT as given, for messages. */
  readonly given: string;
  /** OUT's absolute path, symbolic links resolved (the swap happens where the folder really is). */
  readonly out: string;
  /** Repairs made to leftovers of an interrupted run, as sentences (empty when none). */
  readonly repaired: string[];
  /** What is written: a report (safe to publish) or a row-level export (never published). */
  readonly kind: OutputKind;
}

/**
 * A report's OUT and an export's folder are never one another, nor one inside the other: a
 * report folder is published whole, and an export is row-level data.
 */
export type OutputKind = 'report' | 'export';

const kindOf = (manifest: Manifest): OutputKind => (manifest.export ? 'export' : 'report');
const KIND_NAME: Record<OutputKind, string> = { report: "a report's output folder (progeval run)", export: 'a row-level export for academic partners (progeval export)' };

function pidIsRunning(pid: number): boolean {
  if (pid === process.pid) return false; // our own leftovers: this process is not writing them now
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The temporary and aside folders of OUT left in its parent, with the process that made them. */
function leftovers(out: string): { path: string; kind: 'tmp' | 'old'; pid: number }[] {
  const prefix = `.${basename(out)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(out));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (!name.startsWith(prefix)) return [];
    const m = new RegExp(`^(${TMP_TAG}|${OLD_TAG})-(\\d+)-[0-9A-Za-z]+$`).exec(name.slice(prefix.length));
    return m ? [{ path: join(dirname(out), name), kind: m[1] === TMP_TAG ? ('tmp' as const) : ('old' as const), pid: Number(m[2]) }] : [];
  });
}

/** Every file and folder under `dir`, as relative paths with / separators; symbolic links are not followed. */
function entriesUnder(dir: string, prefix = ''): { path: string; directory: boolean }[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? [{ path, directory: true }, ...entriesUnder(join(dir, entry.name), path)] : [{ path, directory: false }];
    });
}

/** The manifest in `dir`, or null if it has none or one progeval did not write. */
export function readManifest(dir: string): Manifest | null {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Why progeval may not replace the existing folder `out`, or null if it may (empty, or all its own). */
function notOwned(out: string, given: string, kind: OutputKind): string | null {
  const entries = entriesUnder(out);
  if (entries.length === 0) return null;
  const manifest = readManifest(out);
  if (!manifest) {
    return (
      `the output folder ${given} is not empty and has no progeval ${MANIFEST_FILE}, so progeval did not write it. ` +
      `progeval replaces its output folder whole; choose a new or empty folder (or one an earlier run wrote).`
    );
  }
  if (kindOf(manifest) !== kind) {
    return `the folder ${given} is ${KIND_NAME[kindOf(manifest)]}, and this writes ${KIND_NAME[kind]}: the two are kept apart, so choose another folder.`;
  }
  const files = new Set([MANIFEST_FILE, ...manifest.files.map((f) => f.path)]);
  const folders = new Set([...files].flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const foreign = entries.filter((e) => (e.directory ? !folders.has(e.path) : !files.has(e.path))).map((e) => e.path);
  if (foreign.length === 0) return null;
  return (
    `the output folder ${given} holds ${foreign.length} file(s) that progeval did not write (not in its ${MANIFEST_FILE}): ` +
    `${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}. progeval replaces its output folder whole; move them out, or choose another folder.`
  );
}

/**
 * Before a run: find OUT, repair what an interrupted run left beside it, and check that
 * progeval may replace it. Creates OUT's parent folder if needed, never OUT itself.
 * Throws OutputRefused when OUT is a file or a folder progeval did not write.
 */
export function claimOutput(given: string, kind: OutputKind = 'report'): OutputClaim {
  let out = resolve(given);
  if (basename(out) === '') throw new OutputRefused(`the output folder cannot be the root folder ${given}`);
  let stat = lstatSync(out, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) {
    try {
      out = realpathSync(out);
    } catch {
      throw new OutputRefused(`the output folder ${given} is a symbolic link to nothing; remove it or choose another folder`);
    }
    stat = lstatSync(out);
  }
  if (stat && !stat.isDirectory()) throw new OutputRefused(`--out ${given} is a file, not a folder; give a folder for the report`);
  if (!stat) {
    try {
      outputFs.mkdirSync(dirname(out), { recursive: true });
    } catch (e) {
      throw new OutputRefused(`cannot create the folder ${dirname(out)} for the output folder ${given}: ${(e as Error).message}`);
    }
    if (!statSync(dirname(out)).isDirectory()) throw new OutputRefused(`${dirname(out)} is not a folder, so ${given} cannot be made in it`);
  }

  const repaired: string[] = [];
  for (const left of leftovers(out)) {
    if (pidIsRunning(left.pid)) {
      throw new OutputRefused(
        `another progeval run (process ${left.pid}) is writing the output folder ${given} now (${basename(left.path)}); ` +
          `wait for it to finish, or, if no such run is going, delete ${left.path}`,
      );
    }
    if (left.kind === 'old' && !existsSync(out) && readManifest(left.path)) {
      // Killed between the two renames of a swap: the previous report goes back in place.
      outputFs.renameSync(left.path, out);
      repaired.push(`restored the previous report to ${given} from ${basename(left.path)}, left by an interrupted run`);
    } else {
      outputFs.rmSync(left.path, { recursive: true, force: true });
      repaired.push(`removed ${basename(left.path)}, left by an interrupted run`);
    }
  }

  if (existsSync(out)) {
    const why = notOwned(out, given, kind);
    if (why) throw new OutputRefused(why);
  }
  // Nor inside a folder of the other kind: an export inside a report's OUT would be published with it.
  for (let folder = dirname(out); ; folder = dirname(folder)) {
    const manifest = readManifest(folder);
    if (manifest && kindOf(manifest) !== kind) throw new OutputRefused(`${given} is inside ${folder}, ${KIND_NAME[kindOf(manifest)]}; ${KIND_NAME[kind]} is never written inside one: choose a folder outside it.`);
    if (dirname(folder) === folder) break;
  }
  return { given, out, repaired, kind };
}

/** fsync a folder, so that the names in it survive a power cut; not every platform allows it. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = outputFs.openSync(dir, 'r');
    outputFs.fsyncSync(fd);
  } catch (e) {
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF', 'EACCES'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    if (fd !== undefined) outputFs.closeSync(fd);
  }
}

/**
 * An output being built in a temporary folder beside OUT. Write every file with `write`,
 * then `complete` (the manifest), then `commit` (the swap); `discard` on any failure.
 */
export class PendingOutput {
  /** The temporary folder being written. */
  readonly dir: string;
  private readonly files = new Map<string, Omit<ManifestFile, 'path'>>();
  private state: 'writing' | 'complete' | 'committed' | 'discarded' = 'writing';

  constructor(readonly claim: OutputClaim) {
    this.dir = outputFs.mkdtempSync(join(dirname(claim.out), `.${basename(claim.out)}.${TMP_TAG}-${process.pid}-`));
  }

  /** Where `rel` will be once the output is committed. */
  finalPath(rel: string): string {
    return join(this.claim.given, ...rel.split('/'));
  }

  /** Write one file (path relative to OUT, / separators), flushed to disk, and record its SHA-256. */
  write(rel: string, data: string | Uint8Array): string {
    if (this.state !== 'writing') throw new Error(`cannot write ${rel}: the output is ${this.state}`);
    if (rel === MANIFEST_FILE || this.files.has(rel)) throw new Error(`${rel} is written twice, or is the manifest`);
    this.writeFile(rel, data);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.files.set(rel, { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength });
    return this.finalPath(rel);
  }

  private writeFile(rel: string, data: string | Uint8Array): void {
    const file = join(this.dir, ...rel.split('/'));
    outputFs.mkdirSync(dirname(file), { recursive: true });
    const fd = outputFs.openSync(file, 'wx');
    try {
      outputFs.writeFileSync(fd, data);
      // Flushed now, so that a full disk shows here (some file systems report it only on
      // flush) and the files are on disk before the rename makes them the report.
      outputFs.fsyncSync(fd);
    } finally {
      outputFs.closeSync(fd);
    }
  }

  /** Write the manifest (every file written, sorted by path) and flush the folder. The output is then complete. */
  complete(createdAt = new Date().toISOString(), run?: ManifestRun, exported?: ManifestExport): Manifest {
    if ((exported !== undefined) !== (this.claim.kind === 'export')) throw new Error(`an output claimed as ${this.claim.kind} is completed as the other kind`);
    if (this.state !== 'writing') throw new Error(`cannot complete the output: it is ${this.state}`);
    const manifest = manifestSchema.parse({
      manifest_version: MANIFEST_VERSION,
      tool: 'progeval',
      progeval_version: PROGEVAL_VERSION,
      created_at: createdAt,
      files: [...this.files].map(([path, f]) => ({ path, ...f })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      ...(run ? { run } : {}),
      ...(exported ? { export: exported } : {}),
    });
    this.writeFile(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
    for (const folder of new Set(manifest.files.map((f) => dirname(join(this.dir, ...f.path.split('/')))))) syncFolder(folder);
    syncFolder(this.dir);
    this.state = 'complete';
    return manifest;
  }

  /** Swap the complete output in for OUT (see the top of this file). */
  commit(): void {
    if (this.state !== 'complete') throw new Error(`cannot commit the output: it is ${this.state}`);
    const { out, given } = this.claim;
    let aside: string | null = null;
    if (existsSync(out)) {
      // Checked again: OUT may have changed since the run began.
      const why = notOwned(out, given, this.claim.kind);
      if (why) throw new OutputRefused(why);
      aside = join(dirname(out), `.${basename(out)}.${OLD_TAG}-${process.pid}-${randomBytes(4).toString('hex')}`);
      outputFs.renameSync(out, aside);
    }
    try {
      outputFs.renameSync(this.dir, out);
    } catch (e) {
      if (aside) outputFs.renameSync(aside, out);
      throw e;
    }
    this.state = 'committed';
    syncFolder(dirname(out));
    if (aside) outputFs.rmSync(aside, { recursive: true, force: true });
  }

  /** Remove the temporary folder (after a failure); OUT is left as it was. Never throws. */
  discard(): void {
    if (this.state === 'committed' || this.state === 'discarded') return;
    this.state = 'discarded';
    try {
      outputFs.rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // The next run removes it.
    }
  }
}

/** Start writing a new output for a claimed OUT, in a temporary folder beside it. */
export function openOutput(claim: OutputClaim): PendingOutput {
  return new PendingOutput(claim);
}

/**
 * What is wrong with a finished output folder, checked against its manifest: a file missing,
 * changed (SHA-256 or size) or not listed. Empty when the folder is exactly what progeval wrote.
 */
export function verifyOutput(dir: string): string[] {
  const manifest = readManifest(dir);
  if (!manifest) return [`${MANIFEST_FILE} is missing or not a progeval manifest`];
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const file = join(dir, ...f.path.split('/'));
    if (!existsSync(file)) {
      problems.push(`${f.path}: missing`);
      continue;
    }
    const bytes = readFileSync(file);
    if (bytes.byteLength !== f.bytes || createHash('sha256').update(bytes).digest('hex') !== f.sha256) problems.push(`${f.path}: not the bytes the manifest lists`);
  }
  for (const e of entriesUnder(dir)) if (!e.directory && e.path !== MANIFEST_FILE && !listed.has(e.path)) problems.push(`${e.path}: not in the manifest`);
  return problems;
}
