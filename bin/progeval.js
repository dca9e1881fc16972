#!/usr/bin/env node
// The progeval command. Sources are TypeScript run through tsx, so `npm ci` alone
// leaves the CLI runnable with no build step.
import { register } from 'tsx/esm/api';

// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
const { main } = await import('../pipeline/cli/main.ts');
process.exitCode = await main(process.argv);
