/**
 * A second thread for disclosure control's audit in a large run, which otherwise runs on one
 * core of two: a national table's largest component asks an attacker's LP for each bound of
 * about a thousand withheld counts (3 s at 100,000 people), so protectCells splits them, half
 * solved here and half there, from the same problem. Each range is its LP's optimum, rounded
 * inwards, whichever thread solves it, so the ranges, the cells withheld and every published
 * byte are the same (test/reports/disclosure/rangesThread.test.ts). A problem the thread fails,
 * or cannot take because it has ended, is solved again on this thread by the caller, so an
 * error reads as it would on one thread.
 */
import { Worker } from 'node:worker_threads';
import type { FeasibleRange, IntervalProblem } from './protectionIntervals.ts';

/**
 * Runs of at least this many enrolments start the thread: below it the largest component's
 * LPs take under half a second, less than the thread costs to start.
 */
export const RANGES_THREAD_FROM = 10_000;

export interface RangesThread {
  /** feasibleRanges on the second thread (with its own HiGHS). */
  feasibleRanges(problem: IntervalProblem, targets: readonly number[], known?: readonly number[]): Promise<FeasibleRange[]>;
  stop(): Promise<void>;
}

/** Starts the thread (it loads HiGHS at once) and returns without waiting for it. */
export function startRangesThread(): RangesThread {
  const worker = new Worker(new URL('../../bin/thread.js', import.meta.url), {
    workerData: { module: new URL('./rangesWorker.ts', import.meta.url).href },
  });
  const pending = new Map<number, { resolve: (ranges: FeasibleRange[]) => void; reject: (e: Error) => void }>();
  let ended: Error | null = null;
  let nextId = 0;
  const endAll = (e: Error) => {
    ended ??= e;
    for (const p of pending.values()) p.reject(ended);
    pending.clear();
  };
  worker.on('message', ({ id, ranges, error }: { id: number; ranges?: FeasibleRange[]; error?: string }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (!pending.size) worker.unref();
    if (error !== undefined) p?.reject(new Error(`on disclosure control's second thread: ${error}`));
    else p?.resolve(ranges!);
  });
  worker.on('error', (e) => endAll(e));
  worker.on('exit', (code) => endAll(new Error(`disclosure control's second thread ended (exit code ${code})`)));
  // Waiting for problems, the thread does not keep the process alive; with one under way, it does.
  worker.unref();
  return {
    feasibleRanges: (problem, targets, known) =>
      ended
        ? Promise.reject(ended)
        : new Promise((resolve, reject) => {
            const id = nextId++;
            pending.set(id, { resolve, reject });
            worker.ref();
            worker.postMessage({ id, problem, targets, known });
          }),
    stop: async () => {
      endAll(new Error("disclosure control's second thread was stopped"));
      await worker.terminate();
    },
  };
}
