/**
 * The output folder, on its own: built beside OUT and swapped in whole, owned through its
 * manifest, and repaired by the next run when a run was killed part-way.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manifestSchema } from '../../../reports/output/manifest.ts';
import { isDiskFull } from '../../../reports/output/diskFull.ts';
import { claimOutput, openOutput, OutputRefused, outputFs, readManifest, verifyOutput } from '../../../reports/output/outputFolder.ts';
import { scratchDir } from '../../support/extracts.ts';

/** A pid that certainly belonged to a process now finished. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

function publish(out: string, files: Record<string, string>): void {
  const output = openOutput(claimOutput(out));
  try {
    for (const [rel, text] of Object.entries(files)) output.write(rel, text);
    output.complete();
    output.commit();
  } finally {
    output.discard();
  }
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the output folder', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes every file in a temporary folder, then swaps it in with a manifest of SHA-256 and bytes', () => {
    const parent = scratchDir('progeval-out-');
    const out = join(parent, 'nested', 'out');
    const output = openOutput(claimOutput(out));
    expect(output.dir.startsWith(join(parent, 'nested', '.out.progeval-tmp-'))).toBe(true);
    expect(output.write('results.json', '{}\n')).toBe(join(out, 'results.json'));
    output.write('charts/a.svg', '<svg/>');
    expect(existsSync(out)).toBe(false); // nothing in OUT until the swap
    const manifest = output.complete('2026-10-01T12:00:00.000Z');
    expect(existsSync(out)).toBe(false);
    output.commit();

    expect(readdirSync(join(parent, 'nested'))).toEqual(['out']);
    expect(manifest).toEqual({
      manifest_version: 1,
      tool: 'progeval',
      progeval_version: expect.any(String),
      created_at: '2026-10-01T12:00:00.000Z',
      files: [
        { path: 'charts/a.svg', sha256: sha('<svg/>'), bytes: 6 },
        { path: 'results.json', sha256: sha('{}\n'), bytes: 3 },
      ],
    });
    expect(manifestSchema.parse(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')))).toEqual(manifest);
    expect(verifyOutput(out)).toEqual([]);
  });

  it('replaces OUT whole: nothing of the previous output is left, in OUT or beside it', () => {
    const parent = scratchDir('progeval-out-');
    const out = join(parent, 'out');
    publish(out, { 'results.json': 'first', 'charts/old.svg': '<svg/>' });
    publish(out, { 'results.json': 'second' });
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'results.json']);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('second');
    expect(readdirSync(parent)).toEqual(['out']);
    expect(verifyOutput(out)).toEqual([]);
  });

  it('uses an empty folder, and refuses a file, a folder it did not write, or one holding files its manifest does not list', () => {
    const parent = scratchDir('progeval-out-');
    const empty = join(parent, 'empty');
    mkdirSync(empty);
    publish(empty, { 'results.json': 'x' });
    expect(verifyOutput(empty)).toEqual([]);

    const file = join(parent, 'file.txt');
    writeFileSync(file, 'mine');
    expect(() => claimOutput(file)).toThrow(/is a file, not a folder/);

    const theirs = join(parent, 'theirs');
    mkdirSync(theirs);
    writeFileSync(join(theirs, 'thesis.docx'), 'years of work');
    expect(() => claimOutput(theirs)).toThrow(OutputRefused);
    expect(() => claimOutput(theirs)).toThrow(/not empty and has no progeval manifest\.json, so progeval did not write it/);

    writeFileSync(join(theirs, 'manifest.json'), '{"files": []}');
    expect(() => claimOutput(theirs)).toThrow(/has no progeval manifest\.json/);

    writeFileSync(join(empty, 'notes.txt'), 'my notes');
    mkdirSync(join(empty, 'drafts'));
    expect(() => claimOutput(empty)).toThrow(/holds 2 file\(s\) that progeval did not write \(not in its manifest\.json\): drafts, notes\.txt/);
    expect(readFileSync(join(theirs, 'thesis.docx'), 'utf8')).toBe('years of work');
  });

  it('swaps the folder a symbolic link points to, and leaves the link in place', () => {
    const parent = scratchDir('progeval-out-');
    const real = join(parent, 'real');
    publish(real, { 'results.json': 'first' });
    const link = join(parent, 'link');
    symlinkSync(real, link);
    publish(link, { 'results.json': 'second' });
    expect(readFileSync(join(link, 'results.json'), 'utf8')).toBe('second');
    expect(readdirSync(parent).sort()).toEqual(['link', 'real']);
  });

  it('repairs a swap killed between its two renames: the previous report goes back in place', () => {
    const parent = scratchDir('progeval-out-');
    const out = join(parent, 'out');
    publish(out, { 'results.json': 'previous' });
    // Killed after OUT was set aside and before the new folder took its place.
    const pid = deadPid();
    renameSync(out, join(parent, `.out.progeval-old-${pid}-0a1b2c3d`));
    writeFileSync(join(parent, 'unrelated.txt'), 'keep');
    const claim = claimOutput(out);
    expect(claim.repaired).toEqual([`restored the previous report to ${out} from .out.progeval-old-${pid}-0a1b2c3d, left by an interrupted run`]);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('previous');
    expect(verifyOutput(out)).toEqual([]);
    expect(readdirSync(parent).sort()).toEqual(['out', 'unrelated.txt']);
  });

  it('removes a temporary folder or an aside folder left by a process no longer running, and refuses while one is running', () => {
    const parent = scratchDir('progeval-out-');
    const out = join(parent, 'out');
    publish(out, { 'results.json': 'current' });
    const pid = deadPid();
    mkdirSync(join(parent, `.out.progeval-tmp-${pid}-AbC123`, 'charts'), { recursive: true });
    writeFileSync(join(parent, `.out.progeval-tmp-${pid}-AbC123`, 'results.json'), 'half');
    mkdirSync(join(parent, `.out.progeval-old-${pid}-deadbeef`));
    const claim = claimOutput(out);
    expect(claim.repaired).toHaveLength(2);
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('current');

    // A run still going (here: our parent process stands in for it) is never disturbed.
    mkdirSync(join(parent, `.out.progeval-tmp-${process.ppid}-XyZ789`));
    expect(() => claimOutput(out)).toThrow(new RegExp(`another progeval run \\(process ${process.ppid}\\) is writing the output folder`));
    expect(existsSync(join(parent, `.out.progeval-tmp-${process.ppid}-XyZ789`))).toBe(true);
  });

  it('on a full disk the write fails plainly, discard removes the temporary folder and OUT is as it was', () => {
    const parent = scratchDir('progeval-out-');
    const out = join(parent, 'out');
    publish(out, { 'results.json': 'previous' });
    const before = readFileSync(join(out, 'manifest.json'), 'utf8');
    const output = openOutput(claimOutput(out));
    output.write('results.json', 'new');
    vi.spyOn(outputFs, 'writeFileSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    let error: unknown;
    try {
      output.write('report.html', '<html>');
    } catch (e) {
      error = e;
    }
    expect(isDiskFull(error)).toBe(true);
    output.discard();
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(before);
    expect(readManifest(out)?.files.map((f) => f.path)).toEqual(['results.json']);
    expect(verifyOutput(out)).toEqual([]);
  });

  it('verifyOutput names a changed, a missing and an unlisted file', () => {
    const out = join(scratchDir('progeval-out-'), 'out');
    publish(out, { 'a.txt': 'a', 'b.txt': 'b' });
    writeFileSync(join(out, 'a.txt'), 'changed');
    renameSync(join(out, 'b.txt'), join(out, 'c.txt'));
    expect(verifyOutput(out)).toEqual(['a.txt: not the bytes the manifest lists', 'b.txt: missing', 'c.txt: not in the manifest']);
  });
});
