/**
 * The attitude analyses on a second thread (attitudesThread.ts) give the same results as on
 * this one, to the byte: a generated cohort analysed both ways, and the whole results
 * compared as JSON. A failure on the thread reaches the run as an error that says so.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../../fixtures/generator/index.ts';
import { attitudesOnSecondThread } from '../../../../pipeline/analyse/attitudes/attitudesThread.ts';
import { readPlan } from '../../../../pipeline/analyse/readPlan.ts';
import { runAnalysis } from '../../../../pipeline/analyse/runAnalysis.ts';
import { openDatabase } from '../../../../pipeline/db/open.ts';
import { loadExtract } from '../../../../pipeline/load/loadExtract.ts';
import type { Plan } from '../../../../schemas/plan.ts';
import type { AnalysisResults } from '../../../../schemas/results.ts';
import { scratchDir } from '../../../support/extracts.ts';

const plan = readPlan(join(import.meta.dirname, '../../../../fixtures/plans/building-choices.yaml'));
let here: AnalysisResults;
let beside: AnalysisResults;
let steps: string[];

beforeAll(async () => {
  const out = join(scratchDir('progeval-thread-'), 'extract');
  await generateExtract({ out, people: 1500, seed: 5 });
  const database = await openDatabase(':memory:');
  try {
    await loadExtract(database, out);
    here = await runAnalysis(database, plan, () => {}, { secondThread: 'never' });
    steps = [];
    beside = await runAnalysis(database, plan, (s) => steps.push(s), { secondThread: 'always' });
  } finally {
    await database.close();
  }
}, 180_000);

describe('attitude analyses on a second thread', () => {
  it('give results identical to the same analyses on this thread', () => {
    expect(beside.attitudes.ancova.filter((r) => r.estimate !== null).length).toBeGreaterThan(10);
    expect(beside.attitudes.change.length).toBeGreaterThan(10);
    expect(JSON.stringify(beside)).toBe(JSON.stringify(here));
  });

  it('say so in the run\'s steps, and wait for the thread after the other analyses', () => {
    const at = (prefix: string) => steps.findIndex((s) => s.startsWith(prefix));
    expect(at('analysing attitude change on a second thread')).toBeGreaterThan(-1);
    expect(at('analysing reconvictions')).toBeGreaterThan(at('analysing attitude change on a second thread'));
    expect(at('waiting for the attitude analyses')).toBeGreaterThan(at('monitoring by quarter'));
    expect(at('judging the questions')).toBeGreaterThan(at('waiting for the attitude analyses'));
  });

  it('report a failure on the thread as the run\'s error, naming the thread', async () => {
    const broken = { ...plan, comparisons: null } as unknown as Plan;
    await expect(attitudesOnSecondThread([], [], broken).analyses).rejects.toThrow(/^the attitude analyses failed on their thread: /);
  });
});
