/**
 * A large extract read and validated on a second thread while this one writes: the files go
 * through the same generator as on one thread (validatedBatches.ts), in load order, and
 * their batches come back in order, at most `ahead` of them waiting to be written. Parsing
 * and validating take a little longer than writing, so the load takes about as long as the
 * slower of the two, not their sum. A file the thread refuses (not UTF-8, CSV that cannot be
 * parsed) is refused as it would be on one thread.
 */
import { Worker } from 'node:worker_threads';
import { ExtractRefused, type FileRefusal } from './refusal.ts';
import type { FileRead, ValidatedBatch } from './validatedBatches.ts';
import type { FileToValidate } from './validateWorker.ts';

/** Extracts of at least this many bytes are read on a second thread (10,000 people: about 10 MB). */
export const SECOND_THREAD_FROM_BYTES = 4 * 2 ** 20;

/** Batches (of 2,048 rows) the second thread may read ahead of the writing. */
const AHEAD = 32;

type Message =
  | { index: number; batch: ValidatedBatch }
  | { index: number; read: FileRead }
  | { index: number; refusal: FileRefusal }
  | { error: { message: string; stack?: string } }
  | { exit: number };

export interface ValidateThread {
  /** The next file's batches, then what was read (files are taken in the order given). */
  batches(index: number): AsyncGenerator<ValidatedBatch, FileRead>;
  stop(): Promise<void>;
}

export function validateOnSecondThread(files: FileToValidate[]): ValidateThread {
  const worker = new Worker(new URL('../../bin/thread.js', import.meta.url), {
    workerData: { module: new URL('./validateWorker.ts', import.meta.url).href, files, ahead: AHEAD },
  });
  const queue: Message[] = [];
  let waiting: ((m: Message) => void) | null = null;
  const deliver = (m: Message) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(m);
    } else queue.push(m);
  };
  worker.on('message', deliver);
  worker.on('error', (e) => deliver({ error: { message: e.message, ...(e.stack ? { stack: e.stack } : {}) } }));
  // Every message is delivered before the thread's exit, so this is read only if the thread ended early.
  worker.on('exit', (code) => deliver({ exit: code }));
  const next = () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<Message>((resolve) => (waiting = resolve)));

  async function* batches(index: number): AsyncGenerator<ValidatedBatch, FileRead> {
    for (;;) {
      const m = await next();
      if ('error' in m) throw Object.assign(new Error(`reading the extract failed on its thread: ${m.error.message}`), { stack: m.error.stack });
      if ('exit' in m) throw new Error(`the thread reading the extract ended (exit code ${m.exit}) before it had read every file`);
      if (m.index !== index) throw new Error(`internal error: the extract's thread sent file ${m.index} when file ${index} was expected`);
      if ('refusal' in m) throw new ExtractRefused([m.refusal]);
      if ('read' in m) return m.read;
      worker.postMessage(0);
      yield m.batch;
    }
  }
  return { batches, stop: async () => void (await worker.terminate()) };
}
