/**
 * A scale score from item responses, using the measure catalogue: reverse-keyed items are
 * reflected (r → min/items + max/items − r), and the score is the sum of the items. When
 * at most 20% of the items are missing the sum is prorated (the mean of the answered items
 * times the number of items); with more missing the score is missing, and the caller
 * counts it. Proration of up to 20% missing items follows common questionnaire practice
 * (e.g. Downey & King 1998, "Missing data in Likert ratings").
 *
 * @example
 * // 5 items scored 0-4 (scale 0-20), item 2 reverse-keyed, item 5 missing:
 * scaleScore(new Map([[1, 3], [2, 1], [3, 2], [4, 4]]), { min: 0, max: 20, items: 5, reverseItems: [2] });
 * // { score: 15, answered: 4, prorated: true }: item 2 reflected to 3, (3 + 3 + 2 + 4) × 5/4
 */

export interface ItemScoredMeasure {
  min: number;
  max: number;
  items: number;
  reverseItems: readonly number[];
}

export interface ScaleScore {
  /** null when more than 20% of items are missing. */
  score: number | null;
  answered: number;
  prorated: boolean;
}

/** The largest share of items that may be missing for a prorated score. */
export const MAX_MISSING_SHARE = 0.2;

export function scaleScore(responses: ReadonlyMap<number, number>, measure: ItemScoredMeasure): ScaleScore {
  const low = measure.min / measure.items;
  const high = measure.max / measure.items;
  const reversed = new Set(measure.reverseItems);
  let sum = 0;
  let answered = 0;
  for (let item = 1; item <= measure.items; item++) {
    const r = responses.get(item);
    if (r === undefined) continue;
    sum += reversed.has(item) ? low + high - r : r;
    answered++;
  }
  const missing = measure.items - answered;
  if (answered === 0 || missing > MAX_MISSING_SHARE * measure.items + 1e-9) return { score: null, answered, prorated: false };
  return { score: missing ? (sum * measure.items) / answered : sum, answered, prorated: missing > 0 };
}
