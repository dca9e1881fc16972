/**
 * The second thread's side of validateThread.ts: it reads and validates the files it is
 * given, in order, and posts their batches, at most `ahead` unacknowledged at a time, so a
 * load that writes slower than it reads holds a bounded number of rows in between.
 * Started through bin/thread.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CONTRACT_FILES } from '../../schemas/contract/index.ts';
import type { HeaderPlan } from './header.ts';
import { streamRefusal, validatedBatches } from './validatedBatches.ts';

export interface FileToValidate {
  path: string;
  /** The contract file's name (its schema is this thread's own). */
  file: string;
  plan: HeaderPlan;
}

const { files, ahead } = workerData as { files: FileToValidate[]; ahead: number };
const port = parentPort!;
let unacknowledged = 0;
let acknowledged: (() => void) | null = null;
port.on('message', () => {
  unacknowledged--;
  acknowledged?.();
  acknowledged = null;
});

async function post(message: unknown): Promise<void> {
  while (unacknowledged >= ahead) await new Promise<void>((resolve) => (acknowledged = resolve));
  unacknowledged++;
  port.postMessage(message);
}

try {
  for (const [index, { path, file, plan }] of files.entries()) {
    const contract = CONTRACT_FILES.find((c) => c.file === file)!;
    const batches = validatedBatches(path, contract, plan);
    try {
      for (;;) {
        const next = await batches.next();
        if (next.done) {
          port.postMessage({ index, read: next.value });
          break;
        }
        await post({ index, batch: next.value });
      }
    } catch (e) {
      port.postMessage({ index, refusal: streamRefusal(file, e) });
      break;
    }
  }
} catch (e) {
  const error = e instanceof Error ? e : new Error(String(e));
  port.postMessage({ error: { message: error.message, stack: error.stack } });
}
// Nothing more to send: the thread ends once its last messages are on their way.
port.unref();
