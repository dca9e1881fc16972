/**
 * Data a statistic cannot be computed from (fewer than two pairs, zero variance, a single
 * cluster, zero events, perfect separation, …). Statistics throw it with a message a
 * reader of the results understands; the analysis records the message in place of
 * numbers, so results never hold NaN and a run never crashes on thin data.
 */
export class DegenerateData extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DegenerateData';
  }
}
