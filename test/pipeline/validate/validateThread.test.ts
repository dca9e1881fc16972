/**
 * A load that reads and validates on a second thread (validateThread.ts) loads what a load on
 * one thread loads: the same reconciliation, quarantine and stored rows for a generated
 * extract of several batches a file, and the same refusal, file, line and column for every
 * hand-made bad extract in fixtures/bad/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { ExtractRefused } from '../../../pipeline/validate/refusal.ts';
import { CONTRACT_FILES } from '../../../schemas/contract/index.ts';
import { BAD, overlaidExtract, scratchDir } from '../../support/extracts.ts';

const now = () => new Date('2026-12-01T09:00:00Z');

/** What a load of `dir` did: its result and every contract table's rows, or its refusals. */
async function loaded(dir: string, secondThread: 'always' | 'never') {
  const database = await openDatabase(':memory:');
  try {
    const result = await loadExtract(database, dir, { secondThread, now });
    const tables: Record<string, unknown[]> = {};
    for (const c of CONTRACT_FILES) tables[c.table] = await database.db.selectFrom(c.table as 'people').selectAll().execute();
    const quarantine = await database.db.selectFrom('quarantine').selectAll().execute();
    return { result, tables, quarantine };
  } catch (e) {
    if (e instanceof ExtractRefused) return { refused: e.refusals };
    throw e;
  } finally {
    await database.close();
  }
}

describe('reading and validating on a second thread', () => {
  it('loads a generated extract exactly as one thread does', async () => {
    const dir = join(scratchDir('progeval-thread-load-'), 'extract');
    await generateExtract({ out: dir, people: 1200, seed: 3 });
    const [beside, here] = [await loaded(dir, 'always'), await loaded(dir, 'never')];
    expect(here.result?.files.find((f) => f.file === 'assessment_items.csv')?.rowsRead).toBeGreaterThan(3 * 2048);
    expect(JSON.stringify(beside)).toBe(JSON.stringify(here));
  }, 120_000);

  const cases = readdirSync(BAD);
  it.each(cases)('refuses or quarantines %s exactly as one thread does', async (name) => {
    const expectation = JSON.parse(readFileSync(join(BAD, name, 'expect.json'), 'utf8')) as { remove?: string[]; level: string };
    const dir = overlaidExtract(join(BAD, name), expectation.remove ?? []);
    const [beside, here] = [await loaded(dir, 'always'), await loaded(dir, 'never')];
    expect('refused' in here).toBe(expectation.level === 'file');
    expect(JSON.stringify(beside)).toBe(JSON.stringify(here));
  }, 60_000);
});
