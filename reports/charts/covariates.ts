/** Covariates and model kinds in plain words, and how models are coloured. */
import { ADJUSTED_COLOUR, UNADJUSTED_COLOUR } from './palette.ts';

const COVARIATE_LABELS: Record<string, string> = {
  age_at_index: 'age',
  prior_convictions: 'prior convictions',
  ogrs: 'OGRS score',
  sexual_risk: 'sexual risk band',
  rosh: 'risk of serious harm',
};

/** A covariate code in words: `prior_convictions` → "prior convictions". */
export function covariateLabel(code: string): string {
  return COVARIATE_LABELS[code] ?? code.replace(/_/g, ' ');
}

/** "Adjusted" or "Unadjusted": the row label of a model. */
export function modelLabel(adjusted: boolean): string {
  return adjusted ? 'Adjusted' : 'Unadjusted';
}

/** "Adjusted estimates allow for age, prior convictions and OGRS score." (empty when none). */
export function adjustmentSentence(covariates: readonly string[]): string {
  if (!covariates.length) return '';
  const words = covariates.map(covariateLabel);
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  return `Adjusted estimates allow for ${list}.`;
}

/**
 * Colour encoding (field `model`) that draws unadjusted grey and adjusted black. No legend:
 * the rows are labelled.
 */
export function modelColour() {
  const domain = [modelLabel(false), modelLabel(true)];
  return { field: 'model', type: 'nominal' as const, title: null, sort: domain, scale: { domain, range: [UNADJUSTED_COLOUR, ADJUSTED_COLOUR] }, legend: null };
}
