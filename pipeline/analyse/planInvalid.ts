/** A plan that cannot be used, with every problem found (file, line and column where known): bad input, exit 2. */
export class PlanInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`the plan is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'PlanInvalid';
  }
}
