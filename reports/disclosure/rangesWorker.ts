/**
 * The second thread's side of rangesThread.ts: it loads HiGHS as it starts (while the first
 * thread runs the rank test), then answers each problem it is sent, by id, with what
 * feasibleRanges gives on the first thread, or the message of what it threw. Started through
 * bin/thread.js.
 */
import { parentPort } from 'node:worker_threads';
import { feasibleRanges, highsSolver, type IntervalProblem } from './protectionIntervals.ts';

const port = parentPort!;
const highs = highsSolver();

port.on('message', async ({ id, problem, targets, known }: { id: number; problem: IntervalProblem; targets: number[]; known?: number[] }) => {
  try {
    port.postMessage({ id, ranges: feasibleRanges(await highs, problem, targets, known) });
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
