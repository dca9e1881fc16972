// A worker thread's entry: TypeScript through tsx, as in bin/progeval.js, then the module
// named in workerData.module (a file URL), which talks to its parent through parentPort.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
