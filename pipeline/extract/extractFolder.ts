/**
 * An extract is one folder of CSV files. This finds the contract's files in it, refuses a
 * missing required file, an unknown CSV or a file that is not a regular file inside the
 * folder, and fingerprints each file (SHA-256), and the extract as a whole, before anything
 * is loaded.
 */
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isWithin } from './isWithin.ts';
import { CONTRACT_FILES, hasControlCharacter, identifierShape, type ContractFile } from '../../schemas/contract/index.ts';
import { openRegularFile } from './csvRecords.ts';
import type { FileRefusal } from '../validate/refusal.ts';

export interface ExtractFile {
  contract: ContractFile;
  path: string;
  bytes: number;
  sha256: string;
}

export interface ExtractFolder {
  dir: string;
  /** Present files, in load order. */
  files: ExtractFile[];
  /** SHA-256 over the sorted `file sha256` lines: equal extracts have equal fingerprints. */
  sha256: string;
  totalBytes: number;
}

/** A regular file's SHA-256, streamed (an extract file can be larger than memory). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { fd: openRegularFile(path), highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Why the entry `name` of the extract folder is not a file to read, or null when it is: a
 * regular file, or a link that leads, inside the extract folder, to one. Looks, never opens
 * (opening a pipe waits for a writer; reading a device never ends).
 */
function notAFile(dir: string, name: string): string | null {
  const kind = (s: Stats) =>
    s.isFile() ? null : s.isDirectory() ? `${name} is a folder, not a file` : `${name} is not a regular file (a pipe, socket or device)`;
  const path = join(dir, name);
  try {
    const stat = lstatSync(path);
    if (!stat.isSymbolicLink()) return kind(stat);
  } catch {
    return `${name} cannot be read`;
  }
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    return `${name} is a link to nothing (what it points to does not exist)`;
  }
  const folder = realpathSync(dir);
  if (target === folder || !isWithin(folder, target)) return `${name} is a link that points outside the extract folder`;
  return kind(statSync(target));
}

function closest(name: string, options: readonly string[]): string | undefined {
  const stem = (s: string) => s.replace(/\.csv$/i, '').replace(/s$/, '').toLowerCase();
  return options.find((o) => stem(o) === stem(name));
}

export async function readExtractFolder(dir: string): Promise<{ folder: ExtractFolder | null; refusals: FileRefusal[] }> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir);
  } catch {
    return { folder: null, refusals: [{ file: dir, reasonCode: 'missing_file', reason: 'the extract folder does not exist or cannot be read' }] };
  }
  const contractNames = CONTRACT_FILES.map((f) => f.file);
  const refusals: FileRefusal[] = [];
  for (const name of names.filter((n) => n.toLowerCase().endsWith('.csv')).sort()) {
    if (!contractNames.includes(name)) {
      if (identifierShape(name.replace(/\.csv$/i, '')) || hasControlCharacter(name)) {
        refusals.push({ file: 'a CSV file', reasonCode: 'unknown_file', reason: 'a CSV file is not a file of data contract v1; its name is not shown (it has the shape of an identifier or holds a control character)' });
        continue;
      }
      const hint = closest(name, contractNames);
      refusals.push({
        file: name,
        reasonCode: 'unknown_file',
        reason: `${name} is not a file of data contract v1${hint ? ` (did you mean ${hint}?)` : ''}`,
      });
    }
  }
  const files: ExtractFile[] = [];
  for (const contract of CONTRACT_FILES) {
    const path = join(dir, contract.file);
    if (!names.includes(contract.file)) {
      if (contract.requiredFile) refusals.push({ file: contract.file, reasonCode: 'missing_file', reason: `${contract.file} is required by data contract v1 and is not in the extract` });
      continue;
    }
    const problem = notAFile(dir, contract.file);
    if (problem) {
      refusals.push({ file: contract.file, reasonCode: 'not_a_file', reason: `${problem}; an extract file must be a regular file in the extract folder` });
      continue;
    }
    if (refusals.length) continue; // refused already: no need to read the rest
    try {
      files.push({ contract, path, bytes: statSync(path).size, sha256: await sha256File(path) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      refusals.push({ file: contract.file, reasonCode: 'not_a_file', reason: `${contract.file} cannot be read${code ? ` (${code})` : ''}` });
    }
  }
  if (refusals.length) return { folder: null, refusals };
  const fingerprint = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.contract.file.localeCompare(b.contract.file))) fingerprint.update(`${f.contract.file} ${f.sha256}\n`);
  return {
    folder: { dir, files, sha256: fingerprint.digest('hex'), totalBytes: files.reduce((s, f) => s + f.bytes, 0) },
    refusals: [],
  };
}
