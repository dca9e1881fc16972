/**
 * The sentences that answer the review question: one small function per verdict (CONSORT
 * non-inferiority reading, Piaggio et al. 2012), the Justice Data Lab's "for every 100
 * people" and "what you can say / cannot say", and when the data will say. Every sentence
 * about a verdict is made here and nowhere else; text is plain (the caller escapes it).
 */
import type { ReadinessRecord, VerdictRecord } from '../../schemas/results.ts';

/** A number for reading: fixed decimals, and never "-0.0". */
export const fmt = (x: number, digits = 1) => {
  const text = x.toFixed(digits);
  return Number(text) === 0 ? text.replace(/^-/, '') : text;
};

/** A sentence starts with a capital, whatever words it starts with ("groups run by …"). */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The people and the outcome a sentence speaks of. */
export interface VerdictWords {
  /** e.g. "Building Choices" */
  treatment: string;
  /** e.g. "the legacy specialist programmes" */
  reference: string;
  /** e.g. "proven reoffending within 12 months", "Offence-supportive attitudes" */
  outcome: string;
}

type Judged = Pick<VerdictRecord, 'margin_scale' | 'estimate' | 'ci_low' | 'ci_high' | 'margin' | 'no_difference' | 'note'>;

/** The margin as a distance on the worse side: "3 percentage points more reoffending", "a hazard 25% higher", "2.4 points worse". */
export function marginWords(v: Pick<VerdictRecord, 'margin_scale' | 'margin' | 'no_difference'>): string {
  if (v.margin === null) return 'the margin';
  if (v.margin_scale === 'risk_difference') return `${fmt(100 * Math.abs(v.margin))} percentage points more reoffending`;
  if (v.margin_scale === 'hazard_ratio') return `a hazard of reoffending ${fmt(100 * (v.margin - 1), 0)}% higher`;
  return `${fmt(Math.abs(v.margin))} points worse`;
}

/** How a scale is printed: percentage points of a risk difference, a hazard ratio, points. */
export const SCALE_PRINT: Record<VerdictRecord['margin_scale'], { factor: number; digits: number }> = {
  risk_difference: { factor: 100, digits: 1 },
  hazard_ratio: { factor: 1, digits: 2 },
  points: { factor: 1, digits: 1 },
};

/**
 * Decimals for a CI printed beside its margin: the scale's own, or more when a limit would
 * round to the margin it does not equal (an upper limit of 1.247 must not read "1.25" beside
 * a margin of 1.25, where the verdict says it lies below it).
 */
export function intervalDigits(v: Pick<VerdictRecord, 'margin_scale' | 'ci_low' | 'ci_high' | 'margin'>): number {
  const { factor, digits } = SCALE_PRINT[v.margin_scale];
  if (v.margin === null) return digits;
  for (let d = digits; d < digits + 3; d++) {
    const m = fmt(factor * v.margin, d);
    const clash = [v.ci_low, v.ci_high].some((x) => x !== null && x !== v.margin && fmt(factor * x, d) === m);
    if (!clash) return d;
  }
  return digits + 3;
}

/** The estimate's 95% CI in the record's own units. */
export function intervalWords(v: Judged): string {
  if (v.ci_low === null || v.ci_high === null) return '';
  const d = intervalDigits(v);
  const { factor } = SCALE_PRINT[v.margin_scale];
  const [lo, hi] = [fmt(factor * v.ci_low, d), fmt(factor * v.ci_high, d)];
  if (v.margin_scale === 'risk_difference') return `95% CI ${lo} to ${hi} percentage points`;
  if (v.margin_scale === 'hazard_ratio') return `hazard ratio 95% CI ${lo} to ${hi}`;
  return `95% CI ${lo} to ${hi} points`;
}

export function superiorSentence(w: VerdictWords, v: Judged): string {
  return sentence(`${w.treatment} did better than ${w.reference} on ${w.outcome}: the data rule out no difference, and anything worse (${intervalWords(v)}).`);
}

export function nonInferiorSentence(w: VerdictWords, v: Judged): string {
  const worse = v.note?.includes('worse than the reference, but by less than the margin') ? ' It did worse, but by less than the margin.' : '';
  return sentence(`${w.treatment} did at least as well as ${w.reference} on ${w.outcome}, within the margin: the data rule out ${marginWords(v)} (${intervalWords(v)}).${worse}`);
}

export function inferiorSentence(w: VerdictWords, v: Judged): string {
  return sentence(`${w.treatment} did worse than ${w.reference} on ${w.outcome}, by more than the margin: the data rule out a difference as small as ${marginWords(v)} (${intervalWords(v)}).`);
}

export function inconclusiveSentence(w: VerdictWords, v: Judged): string {
  const worse = v.note?.includes('worse than the reference; the data cannot yet say') ? ` ${sentence(w.treatment)} did worse; the data cannot yet say whether by more than the margin.` : '';
  return `Not yet known whether ${w.treatment} did as well as ${w.reference} on ${w.outcome}: the data cannot yet rule out ${marginWords(v)} (${intervalWords(v)}).${worse}`;
}

export function notAssessableSentence(w: VerdictWords, v: Judged): string {
  return `No verdict yet on ${w.outcome} for ${w.treatment} against ${w.reference}: ${v.note ?? 'there is no estimate'}.`;
}

/** The one sentence for a verdict. */
export function verdictSentence(w: VerdictWords, v: Judged & Pick<VerdictRecord, 'verdict'>): string {
  switch (v.verdict) {
    case 'superior':
      return superiorSentence(w, v);
    case 'non_inferior':
      return nonInferiorSentence(w, v);
    case 'inferior':
      return inferiorSentence(w, v);
    case 'inconclusive':
      return inconclusiveSentence(w, v);
    default:
      return notAssessableSentence(w, v);
  }
}

/**
 * Whether weighting for attrition (people without a post score) changes an attitude verdict:
 * "Weighted for who lacks a post score, the verdict is the same." or "…, it would be: not yet
 * known (95% CI …)." Empty when there is no weighted verdict to compare.
 */
export function attritionSentence(v: Judged & Pick<VerdictRecord, 'verdict' | 'attrition_weighted'>): string {
  const a = v.attrition_weighted;
  if (!a || v.verdict === 'not_assessable') return '';
  if (a.verdict === v.verdict) return 'Weighted for who lacks a post score (a sensitivity analysis), the verdict is the same.';
  const interval = a.ci_low !== null && a.ci_high !== null ? ` (${intervalWords({ ...v, estimate: a.estimate, ci_low: a.ci_low, ci_high: a.ci_high })})` : '';
  return `Weighted for who lacks a post score (a sensitivity analysis), the verdict would be: ${VERDICT_LABEL[a.verdict].toLowerCase()}${interval}; so it rests on who completed the post assessment.`;
}

/** "Verdict" as a short label for a table cell. */
export const VERDICT_LABEL: Record<VerdictRecord['verdict'], string> = {
  superior: 'Better',
  non_inferior: 'At least as good',
  inconclusive: 'Not yet known',
  inferior: 'Worse than the margin',
  not_assessable: 'No verdict yet',
};

/**
 * The Justice Data Lab's reading of a matched difference in one-year rates, per 100 people:
 * "between 2 and 8 fewer", "between 1 fewer and 5 more", "between 3 and 9 more".
 */
export function per100Sentence(treatment: string, reference: string, low: number, high: number, windowMonths: number): string {
  const [a, b] = [100 * low, 100 * high];
  const digits = b - a < 2 ? 1 : 0;
  const n = (x: number) => fmt(Math.abs(x), digits);
  const span = high < 0 ? `between ${n(b)} and ${n(a)} fewer` : low > 0 ? `between ${n(a)} and ${n(b)} more` : `between ${n(a)} fewer and ${n(b)} more`;
  return `For every 100 people who took part in ${treatment}, ${span} people reoffended within ${windowMonths} months than among similar people in ${reference} (95% CI).`;
}

/** What you can say and cannot say from a verdict, as the Justice Data Lab writes them. */
export function canAndCannotSay(w: VerdictWords, v: Pick<VerdictRecord, 'verdict' | 'margin_scale' | 'margin' | 'no_difference'>): { can: string; cannot: string } {
  const margin = marginWords(v);
  switch (v.verdict) {
    case 'superior':
      return {
        can: `This analysis provides evidence that ${w.treatment} did better than ${w.reference} on ${w.outcome}, for people like those in the comparison.`,
        cannot: `This analysis cannot say that ${w.treatment} caused the difference: people were not allocated at random, and an unmeasured difference between them could explain it (see the E-value).`,
      };
    case 'non_inferior':
      return {
        can: `This analysis provides evidence that ${w.treatment} did no worse than ${w.reference} on ${w.outcome} by as much as ${margin}.`,
        cannot: `This analysis cannot say that ${w.treatment} did better than ${w.reference}, or that the two are exactly the same.`,
      };
    case 'inferior':
      return {
        can: `This analysis provides evidence that ${w.treatment} did worse than ${w.reference} on ${w.outcome}, by more than ${margin}.`,
        cannot: `This analysis cannot say that ${w.treatment} caused the difference: people were not allocated at random.`,
      };
    case 'inconclusive':
      return {
        can: `This analysis cannot yet tell whether ${w.treatment} did as well as ${w.reference} on ${w.outcome}: more people or longer follow-up are needed.`,
        cannot: `This analysis cannot say that ${w.treatment} did worse, or that it did as well: an interval this wide is consistent with both.`,
      };
    default:
      return {
        can: `Nothing yet about ${w.outcome}: there is no estimate to judge (see the reason above, and when it can be assessed).`,
        cannot: `This analysis cannot say whether ${w.treatment} did as well as ${w.reference} on ${w.outcome}.`,
      };
  }
}

/** What 80% power needs, in words: "about 1,900 matched pairs", "about 640 reoffences", "about 310 people on each side". */
export function neededWords(needed: number, scale: ReadinessRecord['margin_scale']): string {
  const n = Math.ceil(needed).toLocaleString('en-GB');
  if (scale === 'risk_difference') return `about ${n} matched pairs`;
  if (scale === 'hazard_ratio') return `about ${n} reoffences`;
  return `about ${n} people with pre and post scores on each side`;
}

/** When the data will say, from a readiness record. */
export function readinessSentence(
  r: Pick<ReadinessRecord, 'assessable_now' | 'assessable_from' | 'mde' | 'margin_scale'> & { needed?: number | null | undefined; note?: string | null; suppressed_reason?: Record<string, 'low' | 'c'> | undefined },
  w: Pick<VerdictWords, 'treatment' | 'outcome'>,
): string {
  // Only a withheld date is unknown; a null date that was not withheld means "not within ten years".
  const withheld = r.suppressed_reason?.assessable_from;
  if (withheld) return sentence(`when ${w.treatment} can be assessed on ${w.outcome} is withheld [${withheld}]${withheld === 'low' ? ': it rests on too few people' : ', to protect another figure'}.`);
  const mde = r.mde === null ? '' : ` Today the data could detect ${mdeWords(r.mde, r.margin_scale)} with 80% power.`;
  const needs = r.needed === null || r.needed === undefined ? '' : ` Judging the margin with 80% power needs ${neededWords(r.needed, r.margin_scale)}.`;
  if (r.assessable_now) return sentence(`${w.treatment} can be assessed on ${w.outcome} now.${mde}`);
  if (r.assessable_from) return sentence(`${w.treatment} can be assessed on ${w.outcome} from about ${monthWords(r.assessable_from)} at the current rate.${needs}${mde}`);
  return sentence(`${w.treatment} cannot be assessed on ${w.outcome} within ten years at the current rate${r.note?.includes('no margin') ? ' (the plan sets no margin)' : ''}.${needs}${mde}`);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "2027-09-30" → "September 2027". */
export const monthWords = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** A minimum detectable effect in words: "a difference of 6.2 percentage points", "a hazard ratio of 1.61", "4.1 points". */
export function mdeWords(mde: number, scale: ReadinessRecord['margin_scale']): string {
  if (scale === 'risk_difference') return `a difference of ${fmt(100 * mde)} percentage points`;
  if (scale === 'hazard_ratio') return `a hazard ratio of ${fmt(mde, 2)}`;
  return `a difference of ${fmt(mde)} points`;
}
