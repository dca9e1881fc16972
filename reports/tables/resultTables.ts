/**
 * The report's tables, defined once and written twice: as CSV (tables/*.csv) and as HTML
 * in report.html. Each table takes its rows from a section of the results after disclosure
 * control; a suppressed value shows as `<10` (the threshold) for a count and as
 * `suppressed` for a statistic, so a reader always sees that something was withheld.
 */
import type { Results } from '../../schemas/results.ts';

export type CellKind = 'text' | 'count' | 'number' | 'percent' | 'p';

export interface TableColumn {
  key: string;
  label: string;
  kind: CellKind;
}

export interface ResultTable {
  id: string;
  title: string;
  columns: TableColumn[];
  rows: Record<string, unknown>[];
}

type Row = Record<string, unknown> & { suppressed?: string[] };

const t = (key: string, label: string): TableColumn => ({ key, label, kind: 'text' });
const c = (key: string, label: string): TableColumn => ({ key, label, kind: 'count' });
const n = (key: string, label: string): TableColumn => ({ key, label, kind: 'number' });
const pct = (key: string, label: string): TableColumn => ({ key, label, kind: 'percent' });
const p = (key: string, label: string): TableColumn => ({ key, label, kind: 'p' });

export function resultTables(results: Results): ResultTable[] {
  const flow = results.flow.map((f) => ({
    ...f,
    ...Object.fromEntries(f.classed.map((x) => [`classed_${x.window_months}`, x.n])),
    suppressed: [...(f.suppressed ?? []), ...f.classed.filter((x) => x.n === null).map((x) => `classed_${x.window_months}`)],
  }));
  const windows = [...new Set(results.flow.flatMap((f) => f.classed.map((x) => x.window_months)))];
  const balance = results.reconviction.matched.flatMap((m) =>
    m.balance.map((b) => ({ comparison: m.comparison, window_months: m.window_months, ...b, imbalanced: b.imbalanced === null ? null : b.imbalanced ? 'yes' : 'no' })),
  );
  return [
    {
      id: 'participant_flow',
      title: 'Participant flow',
      columns: [t('comparison', 'Comparison'), t('level', 'Level'), c('referred', 'Referred'), c('started', 'Started'), c('completed', 'Completed'), c('with_pre', 'Pre score'), c('with_pre_and_post', 'Pre and post'), ...windows.map((w) => c(`classed_${w}`, `Classed ${w} m`))],
      rows: flow,
    },
    {
      id: 'attitude_change',
      title: 'Attitude change from pre to post, by level',
      columns: [
        t('comparison', 'Comparison'), t('level', 'Level'), t('measure', 'Measure'), t('direction', 'Better is'), c('n', 'n'), n('mean_pre', 'Mean pre'), n('mean_post', 'Mean post'),
        n('mean_change', 'Change'), n('ci_low', '95% CI low'), n('ci_high', '95% CI high'), p('p', 'p (t)'), p('wilcoxon_p', 'p (Wilcoxon)'), p('p_holm', 'p (Holm)'), n('d_av', 'd_av'), n('g_av', 'g_av'),
        c('rci_improved', 'Reliably improved'), c('rci_unchanged', 'Unchanged'), c('rci_deteriorated', 'Reliably deteriorated'), c('pre_only', 'Pre only'),
      ],
      rows: results.attitudes.change.map((r) => ({
        ...r,
        direction: r.direction === 'higher_better' ? 'higher' : 'lower',
        rci_improved: r.rci?.improved ?? null,
        rci_unchanged: r.rci?.unchanged ?? null,
        rci_deteriorated: r.rci?.deteriorated ?? null,
        pre_only: r.attrition.pre_only,
      })),
    },
    {
      id: 'ancova',
      title: 'Difference between levels in post scores, allowing for pre scores (ANCOVA, CR2 cluster-robust)',
      columns: [t('comparison', 'Comparison'), t('measure', 'Measure'), t('treatment', 'Treatment'), t('reference', 'Reference'), t('adjusted', 'Adjusted'), n('estimate', 'Difference'), n('ci_low', '95% CI low'), n('ci_high', '95% CI high'), n('df', 'df'), p('p', 'p'), p('p_holm', 'p (Holm)'), n('std_estimate', 'Standardised'), c('n', 'n'), c('clusters', 'Groups')],
      rows: results.attitudes.ancova.map((r) => ({ ...r, adjusted: r.adjusted ? 'yes' : 'no' })),
    },
    {
      id: 'reoffending_rates',
      title: 'Proven reoffending rates',
      columns: [t('comparison', 'Comparison'), t('level', 'Level'), n('window_months', 'Window (months)'), t('category', 'Category'), c('n', 'Classed'), c('excluded', 'Not yet classed'), c('reoffended', 'Reoffended'), pct('rate', 'Rate'), pct('ci_low', '95% CI low'), pct('ci_high', '95% CI high'), n('offences_per_100', 'Offences per 100')],
      rows: results.reconviction.rates,
    },
    {
      id: 'reoffending_differences',
      title: 'Difference in proven reoffending rates (treatment − reference, Newcombe CI)',
      columns: [t('comparison', 'Comparison'), n('window_months', 'Window (months)'), t('category', 'Category'), pct('difference', 'Difference'), pct('ci_low', '95% CI low'), pct('ci_high', '95% CI high')],
      rows: results.reconviction.differences,
    },
    {
      id: 'cox',
      title: 'Hazard ratios for time to first proven reoffence (Cox, Efron ties, robust errors by group)',
      columns: [t('comparison', 'Comparison'), t('adjusted', 'Adjusted'), n('hr', 'Hazard ratio'), n('ci_low', '95% CI low'), n('ci_high', '95% CI high'), p('p', 'p'), c('n', 'n'), c('events', 'Events'), p('ph_p', 'PH check p'), t('ph_violated', 'PH doubtful')],
      rows: results.reconviction.cox.map((r) => ({ ...r, adjusted: r.adjusted ? 'yes' : 'no', ph_violated: r.ph_violated === null ? null : r.ph_violated ? 'yes' : 'no' })),
    },
    {
      id: 'logistic',
      title: 'Adjusted odds ratios of proven reoffending (logistic, cluster-robust)',
      columns: [t('comparison', 'Comparison'), n('window_months', 'Window (months)'), n('or', 'Odds ratio'), n('ci_low', '95% CI low'), n('ci_high', '95% CI high'), p('p', 'p'), c('n', 'n')],
      rows: results.reconviction.logistic,
    },
    {
      id: 'matched',
      title: 'Propensity-matched comparison (1:1 nearest neighbour, caliper 0.2 SD)',
      columns: [t('comparison', 'Comparison'), n('window_months', 'Window (months)'), c('n_treated', 'Matched treated'), c('n_control', 'Matched controls'), c('unmatched_treated', 'Treated unmatched'), pct('rate_treated', 'Rate treated'), pct('rate_control', 'Rate controls'), pct('difference', 'Difference'), pct('ci_low', '95% CI low'), pct('ci_high', '95% CI high')],
      rows: results.reconviction.matched,
    },
    {
      id: 'matching_balance',
      title: 'Covariate balance before and after matching (standardised mean differences)',
      columns: [t('comparison', 'Comparison'), n('window_months', 'Window (months)'), t('covariate', 'Covariate'), n('smd_before', 'SMD before'), n('smd_after', 'SMD after'), t('imbalanced', '|SMD| > 0.1 after')],
      rows: balance,
    },
    {
      id: 'observed_expected',
      title: 'Observed against OGRS-expected reoffending within 24 months',
      columns: [t('comparison', 'Comparison'), t('level', 'Level'), c('n', 'n'), c('observed', 'Observed'), n('expected', 'Expected'), n('ratio', 'O/E'), n('ci_low', '95% CI low'), n('ci_high', '95% CI high')],
      rows: results.reconviction.observed_expected,
    },
    {
      id: 'monitoring_quarterly',
      title: 'Proven reoffending within 12 months by quarter of follow-up start',
      columns: [t('programme_family', 'Programme family'), t('quarter', 'Quarter'), c('n', 'Classed'), c('reoffended', 'Reoffended'), pct('rate', 'Rate'), pct('centre', 'Centre line'), pct('lcl', 'Lower limit'), pct('ucl', 'Upper limit')],
      rows: results.monitoring.quarterly,
    },
    {
      id: 'monitoring_regions',
      title: 'Observed against expected reoffending by region',
      columns: [t('region', 'Region'), c('n', 'n'), c('observed', 'Observed'), n('expected', 'Expected'), n('ratio', 'O/E')],
      rows: results.monitoring.regions,
    },
  ].map((table) => ({ ...table, rows: table.rows as Row[] }));
}

/** How a cell reads: suppressed values say so; numbers are rounded for reading, not for CSV. */
export function cellText(row: Row, column: TableColumn, minCell: number, forCsv = false): string {
  const value = row[column.key];
  if (row.suppressed?.includes(column.key)) return column.kind === 'count' ? `<${minCell}` : 'suppressed';
  if (value === null || value === undefined) return forCsv ? '' : '–';
  if (typeof value !== 'number') return String(value);
  if (forCsv) return String(value);
  switch (column.kind) {
    case 'count':
      return String(value);
    case 'percent':
      return `${(100 * value).toFixed(1)}%`;
    case 'p':
      return value < 0.001 ? '<0.001' : value.toFixed(3);
    default:
      return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
  }
}
