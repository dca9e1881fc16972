import type { Command } from 'commander';
import { describeContract } from '../../validate/describeContract.ts';
import type { CommandOutcome } from '../exitCodes.ts';
import { COMMANDS } from '../commandIndex.ts';

export function contractCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('contract')
    .summary(COMMANDS.contract.summary)
    .description('Print data contract v1 as progeval enforces it: files, columns, types, keys, the rules across files, and every refusal reason.')
    .action(() => {
      process.stdout.write(describeContract());
      outcome.code = 0;
    });
}
