/**
 * Difference of two proportions measured on the same pairs (a matched treated person and
 * their control), p1 − p2, with Newcombe's score interval for paired data (Newcombe 1998,
 * "Improved confidence intervals for the difference between binomial proportions based on
 * paired data", Statistics in Medicine 17:2635–2650, method 10, no continuity correction).
 * From the pairs' 2 × 2 table — a both reoffended, b only the treated, c only the control,
 * d neither, n = a + b + c + d — with p1 = (a + b)/n, p2 = (a + c)/n, the Wilson (1927)
 * limits (l1, u1) and (l2, u2) of each, and the phi coefficient
 * φ = (ad − bc)/√((a + b)(c + d)(a + c)(b + d)) (0 when that product is 0):
 *
 *   lower = (p1 − p2) − √((p1 − l1)² − 2φ (p1 − l1)(u2 − p2) + (u2 − p2)²)
 *   upper = (p1 − p2) + √((u1 − p1)² − 2φ (u1 − p1)(p2 − l2) + (p2 − l2)²)
 *
 * Pairing narrows the interval when the two members of a pair tend to share the outcome
 * (φ > 0); with φ = 0 it is the independent-samples interval (newcombeDifference.ts). No R
 * package in Debian computes it; test/reference/newcombe_paired.R writes it out with
 * `prop.test(correct = FALSE)`'s Wilson limits and checks it against the paper's worked
 * example (a).
 *
 * @example
 * newcombePairedDifference({ both: 8, treatedOnly: 4, controlOnly: 2, neither: 56 });   // n = 70
 * // difference = 12/70 − 10/70 = 0.028571…; lower ≈ −0.045084, upper ≈ 0.105691
 * newcombePairedDifference({ both: 36, treatedOnly: 12, controlOnly: 2, neither: 0 });
 * // 0.2, from 0.0569 to 0.3404: Newcombe 1998, Table II, example (a), method 10
 */
import { DegenerateData } from './degenerateData.ts';
import { wilsonInterval } from './wilsonInterval.ts';

export interface PairedTable {
  /** pairs in which both reoffended */
  both: number;
  /** pairs in which only the treated person reoffended */
  treatedOnly: number;
  /** pairs in which only the control reoffended */
  controlOnly: number;
  /** pairs in which neither reoffended */
  neither: number;
}

export interface NewcombePairedDifference {
  proportion1: number;
  proportion2: number;
  difference: number;
  lower: number;
  upper: number;
  phi: number;
  pairs: number;
  confLevel: number;
}

export function newcombePairedDifference(t: PairedTable, confLevel = 0.95): NewcombePairedDifference {
  const { both: a, treatedOnly: b, controlOnly: c, neither: d } = t;
  for (const v of [a, b, c, d]) if (!(Number.isInteger(v) && v >= 0)) throw new RangeError(`the paired table holds counts of pairs (got ${v})`);
  const n = a + b + c + d;
  if (n === 0) throw new DegenerateData('a paired difference needs at least one pair');
  const one = wilsonInterval(a + b, n, confLevel);
  const two = wilsonInterval(a + c, n, confLevel);
  const product = (a + b) * (c + d) * (a + c) * (b + d);
  const phi = product === 0 ? 0 : (a * d - b * c) / Math.sqrt(product);
  const difference = one.proportion - two.proportion;
  const [d1, e1] = [one.proportion - one.lower, one.upper - one.proportion];
  const [d2, e2] = [two.proportion - two.lower, two.upper - two.proportion];
  const lower = difference - Math.sqrt(Math.max(0, d1 ** 2 - 2 * phi * d1 * e2 + e2 ** 2));
  const upper = difference + Math.sqrt(Math.max(0, e1 ** 2 - 2 * phi * e1 * d2 + d2 ** 2));
  return { proportion1: one.proportion, proportion2: two.proportion, difference, lower, upper, phi, pairs: n, confLevel };
}
