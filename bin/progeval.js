#!/usr/bin/env node
// The progeval command. Sources are TypeScript run through tsx, so `npm ci` alone
// leaves the CLI runnable with no build step.
import { register } from 'tsx/esm/api';
import { setFlagsFromString } from 'node:v8';

// Memory: at national scale the analyses make far more garbage than they keep (100,000 people:
// under 450 MiB live, yet 1.5 GiB resident with V8's default growth). Growing the heap by 30%
// over what each full collection leaves live, not V8's default (up to 4× for a fast-growing heap),
// keeps the resident size near the live size; it is a growth rate, not a cap, so a larger cohort
// still runs. V8 reads this flag at every collection, so setting it here takes effect. A rate
// given in NODE_OPTIONS or on node's command line is left as given.
if (!`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`.includes('heap-growing-percent')) setFlagsFromString('--heap-growing-percent=30');

// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
const { main } = await import('../pipeline/cli/main.ts');
process.exitCode = await main(process.argv);
