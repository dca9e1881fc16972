/**
 * Difference of two independent proportions, p1 − p2, with Newcombe's hybrid score
 * interval (Newcombe 1998, "Interval estimation for the difference between independent
 * proportions: comparison of eleven methods", Statistics in Medicine 17:873–890, method 10,
 * no continuity correction). It combines the Wilson (1927) limits (l1, u1) and (l2, u2) of
 * each proportion:
 *
 *   lower = (p1 − p2) − sqrt((p1 − l1)² + (u2 − p2)²)
 *   upper = (p1 − p2) + sqrt((u1 − p1)² + (p2 − l2)²)
 *
 * The Wilson limits are R's `prop.test(x, n, correct = FALSE)$conf.int` (see
 * wilsonInterval.ts); the reference is written out in R in test/reference/reconviction_proportions.R.
 *
 * @example
 * const d = newcombeDifference(30, 100, 45, 110);
 * // d.difference = 0.3 − 0.40909… = −0.10909…; d.lower ≈ −0.23278, d.upper ≈ 0.020556
 */
import { DegenerateData } from './degenerateData.ts';
import { wilsonInterval } from './wilsonInterval.ts';

export interface NewcombeDifference {
  /** x1 / n1 */
  proportion1: number;
  /** x2 / n2 */
  proportion2: number;
  /** proportion1 − proportion2 */
  difference: number;
  lower: number;
  upper: number;
  confLevel: number;
}

export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, confLevel = 0.95): NewcombeDifference {
  if (n1 <= 0 || n2 <= 0) throw new DegenerateData('a difference of proportions needs people in both groups');
  const a = wilsonInterval(x1, n1, confLevel);
  const b = wilsonInterval(x2, n2, confLevel);
  const difference = a.proportion - b.proportion;
  const lower = difference - Math.sqrt((a.proportion - a.lower) ** 2 + (b.upper - b.proportion) ** 2);
  const upper = difference + Math.sqrt((a.upper - a.proportion) ** 2 + (b.proportion - b.lower) ** 2);
  return { proportion1: a.proportion, proportion2: b.proportion, difference, lower, upper, confLevel };
}
