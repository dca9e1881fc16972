/**
 * Two scheduled runs against one database at the same time (issue 13): SQLite takes one writer
 * at a time and the other waits its turn (a bounded wait, pipeline/db/sqlite.ts), so both end
 * correctly, both are registered complete, and both reports are the same bytes.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../../bin/progeval.js');
const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');

describe('two runs at once against one database', () => {
  const root = scratchDir('progeval-concurrent-');
  const db = join(root, 'progeval.db');
  beforeAll(async () => {
    const extract = join(root, 'extract');
    await generateExtract({ out: extract, people: 500, seed: 13 });
    expect((await runCli('ingest', extract, '--db', db, '--progress', 'none')).code).toBe(0);
  }, 120_000);

  it('both end correctly and are both recorded', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((name) => run(process.execPath, [BIN, 'run', '--db', db, '--plan', PLAN, '--out', join(root, `out-${name}`), '--quiet'])));
    expect([a!.stdout, b!.stdout]).toEqual(['', '']);
    expect(readFileSync(join(root, 'out-a', 'results.json'), 'utf8')).toBe(readFileSync(join(root, 'out-b', 'results.json'), 'utf8'));
    const history = await runCli('history', '--db', db, '--json', '--all');
    const runs = (JSON.parse(history.stdout) as { runs: { status: string }[] }).runs;
    expect(runs.map((r) => r.status)).toEqual(['complete', 'complete']);
  }, 300_000);
});
