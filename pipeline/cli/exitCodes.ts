/** progeval's exit codes: 0 ok, 2 bad input (the user can fix it), 1 internal error, 3 reproduce found a difference. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_MISMATCH = 3;

/** A problem with what the user gave us, reported plainly and with exit code 2. */
export class BadInput extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadInput';
  }
}

/** Where a command's action leaves its exit code for `main` to return. */
export interface CommandOutcome {
  code: number;
}
