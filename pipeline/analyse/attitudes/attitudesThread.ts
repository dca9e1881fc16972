/**
 * The attitude analyses on a second thread, beside the reconviction and monitoring analyses
 * on this one: at national scale each takes about as long as the other, and the machine has
 * two cores. The cohort crosses once by structured clone (V8's serialiser: numbers, strings
 * and Maps exactly as they are), so the second thread computes from the same values with the
 * same code (attitudeAnalyses.ts), and its results are identical to this thread's
 * (test/pipeline/analyse/attitudes/attitudesThread.test.ts).
 */
import { Worker } from 'node:worker_threads';
import type { Plan } from '../../../schemas/plan.ts';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';
import type { AttitudeAnalyses } from './attitudeAnalyses.ts';

/**
 * Cohorts of at least this many enrolments are analysed on two threads. Below it, starting
 * a thread (about half a second) and copying the cohort cost more than they save.
 */
export const SECOND_THREAD_FROM = 10_000;

export interface AttitudesThread {
  /** The analyses, when the thread answers; rejects with the thread's error. */
  readonly analyses: Promise<AttitudeAnalyses>;
  /** Ends the thread, answered or not (for a run that fails before it waits). */
  stop(): Promise<void>;
}

/** Starts the attitude analyses on a second thread and returns at once. */
export function attitudesOnSecondThread(cohort: readonly CohortMember[], measures: readonly MeasureInfo[], plan: Plan): AttitudesThread {
  const worker = new Worker(new URL('../../../bin/thread.js', import.meta.url), {
    workerData: { module: new URL('./attitudesWorker.ts', import.meta.url).href },
  });
  const analyses = new Promise<AttitudeAnalyses>((resolve, reject) => {
    worker.once('message', (answer: { analyses: AttitudeAnalyses } | { error: { message: string; stack?: string } }) => {
      if ('error' in answer) reject(Object.assign(new Error(`the attitude analyses failed on their thread: ${answer.error.message}`), { stack: answer.error.stack }));
      else resolve(answer.analyses);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the attitude analyses' thread ended (exit code ${code}) without an answer`)));
  });
  // Until the run waits for it, a failure is the run's to report, not an unhandled rejection.
  analyses.catch(() => {});
  worker.postMessage({ cohort, measures, plan });
  return { analyses, stop: async () => void (await worker.terminate()) };
}
