/**
 * Attitude measures as the charts name them: the label from the measure catalogue and
 * which direction is improvement, in words.
 */
import type { Results } from '../../schemas/results.ts';
import { levelLabel } from './levels.ts';

type Direction = 'higher_better' | 'lower_better';

/** A measure's label, range (when the catalogue has it) and direction of improvement. */
export interface MeasureInfo {
  measure: string;
  label: string;
  direction: Direction | null;
  min: number | null;
  max: number | null;
}

/**
 * What the charts know of a measure: the catalogue entry (`attitudes.measures`) where there
 * is one, otherwise the code tidied into words and the direction from the change records.
 */
export function measureInfo(results: Results, measure: string): MeasureInfo {
  const entry = results.attitudes.measures.find((m) => m.measure === measure);
  if (entry) return { measure, label: entry.label, direction: entry.direction, min: entry.min, max: entry.max };
  const direction = results.attitudes.change.find((c) => c.measure === measure)?.direction ?? null;
  return { measure, label: levelLabel(measure), direction, min: null, max: null };
}

/** "lower scores are better" / "higher scores are better" (empty when unknown). */
export function betterInWords(direction: Direction | null): string {
  if (direction === 'lower_better') return 'lower scores are better';
  if (direction === 'higher_better') return 'higher scores are better';
  return '';
}

/**
 * Which side of zero is improvement for a change (after − before): "a fall (left of 0) is
 * improvement" for lower-better measures.
 */
export function improvementSide(direction: Direction | null): string {
  if (direction === 'lower_better') return 'a fall (left of 0) is improvement';
  if (direction === 'higher_better') return 'a rise (right of 0) is improvement';
  return 'direction of improvement not recorded';
}

/**
 * Which side of zero favours the treatment for a difference (treatment − reference): e.g.
 * "left of 0 favours Building Choices" for lower-better measures.
 */
export function favouredSide(direction: Direction | null, treatment: string): string {
  if (direction === 'lower_better') return `left of 0 favours ${treatment}`;
  if (direction === 'higher_better') return `right of 0 favours ${treatment}`;
  return 'direction of improvement not recorded';
}
