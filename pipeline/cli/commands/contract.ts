import type { Command } from 'commander';
import { describeContract } from '../../validate/describeContract.ts';
import type { CommandOutcome } from '../exitCodes.ts';
import { COMMAND_SUMMARY } from '../commandIndex.ts';

export function contractCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('contract')
    .summary(COMMAND_SUMMARY.contract)
    .description('Print data contract v1 as progeval enforces it: files, columns, types, keys, the rules across files, and every refusal reason.')
    .action(() => {
      process.stdout.write(describeContract());
      outcome.code = 0;
    });
}
