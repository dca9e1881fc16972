/**
 * Files that are not files: an extract file must be a regular file inside the extract folder
 * (a link is followed only when it stays inside the folder and ends at a regular file).
 * Anything else refuses the extract with a reason in words, without opening it (opening a
 * pipe waits for a writer for ever), without a stack trace and without echoing content.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overlaidExtract, scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

async function ingest(extract: string) {
  const db = join(scratchDir(), 'test.db');
  return runCli('ingest', extract, '--db', db, '--progress', 'none');
}

/** Lets go of anything stuck opening a pipe for reading (a no-op once nothing is). */
function unblock(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: nobody is reading, as it should be.
  }
}

function expectRefused(run: { code: number; stdout: string; stderr: string }, location: string, reason: string): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('nothing was loaded');
  expect(run.stderr).toContain(`${location}: `);
  expect(run.stderr).toContain(reason);
  expect(run.stderr).toContain('[not_a_file]');
  expect(run.stderr).not.toContain('internal error');
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('extract files that are not regular files', () => {
  it('refuses a folder named like a contract file', async () => {
    const extract = overlaidExtract(null, ['measures.csv']);
    mkdirSync(join(extract, 'measures.csv'));
    expectRefused(await ingest(extract), 'measures.csv', 'measures.csv is a folder, not a file');
  });

  it('refuses a link that points nowhere', async () => {
    const extract = overlaidExtract(null, ['measures.csv']);
    symlinkSync(join(extract, 'gone.csv'), join(extract, 'measures.csv'));
    expectRefused(await ingest(extract), 'measures.csv', 'is a link to nothing');
  });

  it('refuses a named pipe without opening it (no hang)', { timeout: 10_000 }, async () => {
    const extract = overlaidExtract(null, ['measures.csv']);
    const fifo = join(extract, 'measures.csv');
    execFileSync('mkfifo', [fifo]);
    const timer = setTimeout(() => unblock(fifo), 5_000);
    try {
      expectRefused(await ingest(extract), 'measures.csv', 'is not a regular file (a pipe, socket or device)');
    } finally {
      clearTimeout(timer);
      unblock(fifo);
    }
  });

  it('refuses a link to a device (/dev/zero) without reading it', { timeout: 10_000 }, async () => {
    const extract = overlaidExtract(null, ['measures.csv']);
    symlinkSync('/dev/zero', join(extract, 'measures.csv'));
    expectRefused(await ingest(extract), 'measures.csv', 'is a link that points outside the extract folder');
  });

  it('refuses a link to a file outside the folder (/etc/passwd) and echoes none of it', async () => {
    const extract = overlaidExtract(null, ['people.csv']);
    symlinkSync('/etc/passwd', join(extract, 'people.csv'));
    const run = await ingest(extract);
    expectRefused(run, 'people.csv', 'is a link that points outside the extract folder');
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!.split(':')[0]!; // e.g. root
    expect(run.stderr).not.toContain(`${passwd}:`);
    expect(run.stderr).not.toContain('/etc/passwd');
  });

  it('refuses a link that leaves the folder through a relative path', async () => {
    const outside = scratchDir();
    const extract = overlaidExtract(null);
    renameSync(join(extract, 'groups.csv'), join(outside, 'groups.csv'));
    symlinkSync(join('..', outside.split('/').pop()!, 'groups.csv'), join(extract, 'groups.csv'));
    expectRefused(await ingest(extract), 'groups.csv', 'is a link that points outside the extract folder');
  });

  it('follows a link to a regular file inside the folder', async () => {
    const extract = overlaidExtract(null);
    mkdirSync(join(extract, 'originals'));
    renameSync(join(extract, 'groups.csv'), join(extract, 'originals', 'groups.csv'));
    symlinkSync(join('originals', 'groups.csv'), join(extract, 'groups.csv'));
    const run = await ingest(extract);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('refuses an unknown CSV file whose name has the shape of an identifier without naming it', async () => {
    const extract = overlaidExtract(null);
    writeFileSync(join(extract, 'QQ123456C.csv'), 'a\n1\n');
    const run = await ingest(extract);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[unknown_file]');
    expect(run.stderr).not.toContain('QQ123456C');
    rmSync(join(extract, 'QQ123456C.csv'));
  });
});
