/**
 * The second thread's side of attitudesThread.ts: it receives the cohort, the measures and
 * the plan once, answers with the attitude analyses (or the error they threw), and ends.
 * Started through bin/thread.js, which lets a worker read TypeScript as bin/progeval.js does.
 */
import { parentPort } from 'node:worker_threads';
import type { Plan } from '../../../schemas/plan.ts';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';
import { attitudeAnalyses } from './attitudeAnalyses.ts';

parentPort!.once('message', (work: { cohort: CohortMember[]; measures: MeasureInfo[]; plan: Plan }) => {
  try {
    parentPort!.postMessage({ analyses: attitudeAnalyses(work.cohort, work.measures, work.plan) });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    parentPort!.postMessage({ error: { message: error.message, stack: error.stack } });
  }
});
