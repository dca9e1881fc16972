/** Covariates and model kinds in plain words, and how models are coloured. */
import { listWords } from './levels.ts';
import { ADJUSTED_COLOUR, UNADJUSTED_COLOUR } from './palette.ts';

const COVARIATE_LABELS: Record<string, string> = {
  age_at_index: 'age',
  prior_convictions: 'previous convictions',
  ogrs: 'OGRS score',
  sexual_risk: 'sexual risk band',
  rosh: 'risk of serious harm',
};

/** A covariate code in words: `prior_convictions` → "previous convictions". The one list of these words: tables, captions and sentences all read it. */
export function covariateLabel(code: string): string {
  return COVARIATE_LABELS[code] ?? code.replace(/_/g, ' ');
}

/** "Adjusted" or "Unadjusted": the row label of a model. */
export function modelLabel(adjusted: boolean): string {
  return adjusted ? 'Adjusted' : 'Unadjusted';
}

/** Covariates in words as a list: "age, previous convictions and OGRS score". */
export const covariateWords = (covariates: readonly string[]) => listWords(covariates.map(covariateLabel));

/** "Adjusted estimates allow for age, previous convictions and OGRS score." (empty when none). */
export function adjustmentSentence(covariates: readonly string[]): string {
  return covariates.length ? `Adjusted estimates allow for ${covariateWords(covariates)}.` : '';
}

/**
 * Colour encoding (field `model`) that draws unadjusted grey and adjusted black. No legend:
 * the rows are labelled.
 */
export function modelColour() {
  const domain = [modelLabel(false), modelLabel(true)];
  return { field: 'model', type: 'nominal' as const, title: null, sort: domain, scale: { domain, range: [UNADJUSTED_COLOUR, ADJUSTED_COLOUR] }, legend: null };
}
