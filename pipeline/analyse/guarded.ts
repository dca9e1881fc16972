/**
 * Runs a statistic and turns thin data into a message: the value, or the DegenerateData
 * message in its place. Any other error is a bug and propagates.
 */
import { DegenerateData } from './stats/degenerateData.ts';

export type Guarded<T> = { value: T; note: null } | { value: null; note: string };

export function guarded<T>(compute: () => T): Guarded<T> {
  try {
    return { value: compute(), note: null };
  } catch (e) {
    if (e instanceof DegenerateData) return { value: null, note: e.message };
    throw e;
  }
}
