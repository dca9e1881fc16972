/**
 * Differences in attitude scores after the programme between the two levels of each
 * comparison (ANCOVA on the post score, adjusting for the pre score), unadjusted and
 * adjusted for the plan's covariates.
 */
import { pValueText } from '../render/pValueText.ts';
import type { AncovaRecord, Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { adjustmentSentence, modelColour, modelLabel } from './covariates.ts';
import { emptyChart } from './emptyChart.ts';
import { forestPanel, type ForestRow } from './forest.ts';
import { comparisonName, levelLabel } from './levels.ts';
import { favouredSide, measureInfo } from './measures.ts';
import { countOmitted, missingLabel, nothingToDraw, omissionLines } from './suppression.ts';

interface AncovaRow extends ForestRow {
  model: string;
  n: number | null;
  /** As the report prints it (pValueText). */
  p: string | null;
}

/** One forest row: the model (unadjusted or adjusted, with n) and its estimate and CI. */
function ancovaRow(results: Results, record: AncovaRecord): AncovaRow {
  const model = modelLabel(record.adjusted);
  return {
    row: record.n === null ? model : `${model} (n=${record.n})`,
    model,
    n: record.n,
    p: record.p === null ? null : pValueText(record.p),
    estimate: record.estimate,
    ci_low: record.estimate === null ? null : record.ci_low,
    ci_high: record.estimate === null ? null : record.ci_high,
    missing: record.estimate === null ? missingLabel(record, 'estimate') : '',
  };
}

/** One comparison's forest plot: a panel per measure. */
function ancovaChart(results: Results, comparison: string, records: readonly AncovaRecord[]): ChartSpec {
  const first = records[0];
  const treatment = first ? levelLabel(first.treatment) : 'treatment';
  const reference = first ? levelLabel(first.reference) : 'reference';
  const measures = [...new Set(records.map((r) => r.measure))];
  const ordered = (m: string) => records.filter((r) => r.measure === m).sort((a, b) => Number(a.adjusted) - Number(b.adjusted));
  const covariates = records.find((r) => r.adjusted)?.covariates ?? [];
  const style = {
    color: modelColour(),
    xTitle: `Difference in score after (${treatment} − ${reference})`,
    reference: 0,
    tooltip: [{ field: 'n', title: 'People' }, { field: 'p', title: 'p' }],
  };
  const title = `Attitude scores after the programme: ${comparisonName(results, comparison)}`;
  if (records.every((r) => r.estimate === null)) return emptyChart(chartId('ancova', comparison), title, nothingToDraw(results, countOmitted(records, ['estimate']), ['difference', 'differences']));
  const sentences = [
    `Difference in mean score after the programme between ${treatment} and ${reference}, for people with the same score before (ANCOVA), with 95% confidence intervals that allow for clustering in groups.`,
    adjustmentSentence(covariates),
    'Each panel says which side favours which group. An interval crossing the dashed line at 0 shows no clear difference.',
    ...omissionLines(results, countOmitted(records, ['estimate']), ['estimate', 'estimates']),
  ];
  return {
    id: chartId('ancova', comparison),
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, sentences),
      vconcat: measures.map((m) => {
        const info = measureInfo(results, m);
        return forestPanel(`${info.label}: ${favouredSide(info.direction, treatment)}`, ordered(m).map((r) => ancovaRow(results, r)), style);
      }),
      resolve: { scale: { x: 'independent' } },
    },
  };
}

/**
 * ANCOVA differences between the levels of each comparison, one forest plot per
 * comparison: a panel per measure (its heading says which side of 0 favours the treatment),
 * rows for the unadjusted model (grey) and the model adjusted for the plan's covariates
 * (black), each the estimated difference in post score for the same pre score with its
 * cluster-robust 95% CI, and a dashed line at no difference. Missing estimates keep their
 * row with a grey note.
 */
export function ancovaForestChart(results: Results): ChartSpec[] {
  // The attrition-weighted sensitivity analysis is in the ANCOVA table and the verdicts, not here.
  const ancova = results.attitudes.ancova.filter((r) => r.weighting === 'none');
  if (!ancova.length) return [emptyChart('ancova', 'Attitude scores after the programme', 'No comparisons of attitude scores between groups in these results.')];
  const comparisons = [...new Set(ancova.map((r) => r.comparison))];
  return comparisons.map((c) => ancovaChart(results, c, ancova.filter((r) => r.comparison === c)));
}
