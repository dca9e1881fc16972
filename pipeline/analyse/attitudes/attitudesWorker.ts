/**
 * The second thread's side of attitudesThread.ts: it receives the cohort, the measures and
 * the plan once, answers with the attitude analyses (or the error they threw), and ends.
 * Started through bin/thread.js, which lets a worker read TypeScript as bin/progeval.js does.
 */
import { parentPort } from 'node:worker_threads';
import type { Plan } from '../../../schemas/plan.ts';
import { shareStringsAgain, type CohortMember, type MeasureInfo } from '../../derive/cohort.ts';
import { attitudeAnalyses } from './attitudeAnalyses.ts';

parentPort!.once('message', (work: { cohort: CohortMember[]; measures: MeasureInfo[]; plan: Plan }) => {
  try {
    // The copy's strings shared again, as the original's are (a third less memory), then frozen
    // again, as this thread's copy is not: the analyses remember who is at each level and their
    // columns only for a frozen cohort (comparisonMembers.ts, memberColumns.ts).
    shareStringsAgain(work.cohort);
    const cohort = Object.freeze(work.cohort.map((m) => Object.freeze(m)));
    parentPort!.postMessage({ analyses: attitudeAnalyses(cohort, work.measures, work.plan) });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    parentPort!.postMessage({ error: { message: error.message, stack: error.stack } });
  }
});
