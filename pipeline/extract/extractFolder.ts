/**
 * An extract is one folder of CSV files. This finds the contract's files in it, refuses a
 * missing required file or an unknown CSV, and fingerprints each file (SHA-256), and the
 * extract as a whole, before anything is loaded.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_FILES, type ContractFile } from '../../schemas/contract/index.ts';
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

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
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
    files.push({ contract, path, bytes: statSync(path).size, sha256: await sha256File(path) });
  }
  if (refusals.length) return { folder: null, refusals };
  const fingerprint = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.contract.file.localeCompare(b.contract.file))) fingerprint.update(`${f.contract.file} ${f.sha256}\n`);
  return {
    folder: { dir, files, sha256: fingerprint.digest('hex'), totalBytes: files.reduce((s, f) => s + f.bytes, 0) },
    refusals: [],
  };
}
