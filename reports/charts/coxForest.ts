/**
 * Hazard ratios of time to first proven reoffence (Cox models), treatment against
 * reference for every comparison, unadjusted and adjusted, on a log scale.
 */
import { pValueText } from '../render/pValueText.ts';
import type { CoxRecord, Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { adjustmentSentence, modelColour, modelLabel } from './covariates.ts';
import { emptyChart } from './emptyChart.ts';
import { forestPanel, type ForestRow } from './forest.ts';
import { comparisonName, levelLabel, levelsOf } from './levels.ts';
import { countOmitted, missingLabel, nothingToDraw, omissionLines } from './suppression.ts';

const PH = { holds: 'Holds', doubtful: 'Doubtful (p < 0.05)', untested: 'Not tested' } as const;

/** "0.87 (0.39 to 1.92)". */
function ratioText(r: CoxRecord): string {
  if (r.hr === null) return '';
  const ci = r.ci_low !== null && r.ci_high !== null ? ` (${r.ci_low.toFixed(2)} to ${r.ci_high.toFixed(2)})` : '';
  return `${r.hr.toFixed(2)}${ci}`;
}

/** One forest row: model, hazard ratio and CI in words, proportional-hazards verdict. */
function coxRow(results: Results, r: CoxRecord) {
  const ph = r.ph_violated === null ? PH.untested : r.ph_violated ? PH.doubtful : PH.holds;
  const row: ForestRow & Record<string, unknown> = {
    row: `${modelLabel(r.adjusted)}${r.hr === null ? '' : `: HR ${ratioText(r)}`}${r.ph_violated ? ' †' : ''}`,
    model: modelLabel(r.adjusted),
    ph,
    n: r.n,
    events: r.events,
    p: r.p === null ? null : pValueText(r.p),
    estimate: r.hr,
    ci_low: r.hr === null ? null : r.ci_low,
    ci_high: r.hr === null ? null : r.ci_high,
    missing: r.hr === null ? missingLabel(r, 'hr') : '',
  };
  return row;
}

/**
 * Cox hazard ratios as one forest plot (a one-chart list): a panel per comparison (its heading says which
 * side means fewer reoffences for the treatment level), rows for the unadjusted (grey) and
 * adjusted (black) models labelled with the HR and its cluster-robust 95% CI, on one
 * shared log scale with a dashed line at 1 (no difference). A triangle and † mark a model
 * whose proportional-hazards test failed (cox.zph p < 0.05): its single HR averages a
 * hazard ratio that changes over time. Missing estimates keep their row with a grey note.
 */
export function coxForestChart(results: Results): ChartSpec[] {
  const cox = results.reconviction.cox;
  const title = 'Risk of proven reoffence over time (hazard ratios)';
  if (!cox.length) return [emptyChart('cox', title, 'No hazard ratios in these results: no Cox model could be fitted.')];
  // A comparison whose every estimate is withheld gets no panel of blanks: a sentence names it.
  const comparisons = [...new Set(cox.filter((r) => r.hr !== null).map((r) => r.comparison))];
  const blank = [...new Set(cox.map((r) => r.comparison))].filter((c) => !comparisons.includes(c));
  if (!comparisons.length) return [emptyChart('cox', title, nothingToDraw(results, countOmitted(cox, ['hr']), ['hazard ratio', 'hazard ratios']))];
  const used = [...new Set(cox.filter((r) => r.hr !== null).map((r) => (r.ph_violated === null ? PH.untested : r.ph_violated ? PH.doubtful : PH.holds)))];
  const style = {
    color: modelColour(),
    shape: {
      field: 'ph',
      type: 'nominal' as const,
      title: 'Proportional hazards',
      scale: { domain: Object.values(PH).filter((v) => used.includes(v)), range: Object.entries(PH).filter(([, v]) => used.includes(v)).map(([k]) => (k === 'doubtful' ? 'triangle-up' : k === 'holds' ? 'circle' : 'square')) },
      legend: { orient: 'top' as const, direction: 'horizontal' as const, labelLimit: 300 },
    },
    xTitle: 'Hazard ratio (log scale); below 1: lower reoffending rate in the first-named group',
    reference: 1,
    scale: 'log' as const,
    tooltip: [{ field: 'n', title: 'People' }, { field: 'events', title: 'Reoffences' }, { field: 'p', title: 'p' }, { field: 'ph', title: 'Proportional hazards' }],
  };
  const covariates = cox.find((r) => r.adjusted)?.covariates ?? [];
  const sentences = [
    'How the rate of proven reoffending in the first-named group compares with the second (Cox regression), with 95% confidence intervals that allow for clustering in groups. 1 means no difference; an interval crossing the dashed line at 1 shows no clear difference.',
    adjustmentSentence(covariates),
    ...(cox.some((r) => r.ph_violated) ? ['† The hazard ratio changes over time (proportional hazards test p < 0.05), so the single figure is an average: read it with the survival curves.'] : []),
    ...omissionLines(results, countOmitted(cox, ['hr']), ['estimate', 'estimates']),
    ...(blank.length ? [`No panel is drawn for ${blank.map((c) => comparisonName(results, c)).join('; ')}: every estimate is withheld (see the table).`] : []),
  ];
  const chart: ChartSpec = {
    id: chartId('cox'),
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, sentences),
      vconcat: comparisons.map((c) => {
        const levels = levelsOf(results, c);
        const heading = levels ? `${comparisonName(results, c)}: below 1 favours ${levelLabel(levels.treatment)}` : comparisonName(results, c);
        const rows = cox.filter((r) => r.comparison === c).sort((a, b) => Number(a.adjusted) - Number(b.adjusted));
        return forestPanel(heading, rows.map((r) => coxRow(results, r)), style);
      }),
      resolve: { scale: { x: 'shared' } },
    },
  };
  return [chart];
}
