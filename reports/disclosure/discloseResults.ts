/**
 * Disclosure control for results.json: what may be published.
 *
 * Follows the ONS / GSS "Disclosure control guidance for tables produced from administrative
 * data" (threshold rule, primary and secondary (complementary) suppression) and the Ministry
 * of Justice / Justice Data Lab rule of publishing no count, rate or estimate from fewer than
 * a minimum number of people. In order:
 * 1. survival curves are published in runs of at least minCell events and cut where fewer
 *    than minCell remain at risk ({@link withholdSurvivalRuns});
 * 2. every count of people becomes a cell, with the sums that tie counts together (see the
 *    section rule files), and {@link protectCells} withholds small counts (primary) and enough
 *    further counts that none can be worked out (secondary);
 * 3. every statistic goes when its base is below minCell or a count it would give back is
 *    withheld (statisticRule.ts);
 * 4. the withheld fields are set to null and named in each record's `suppressed`, and
 *    `disclosure` says how many went, by section, in plain words.
 * The rules and relations are listed in reports/disclosure/README.md.
 */
import type { Results } from '../../schemas/results.ts';
import { addAttitudeCells, withholdAttitudeStatistics } from './attitudeRules.ts';
import { emptyCellTable, type SectionName } from './cellTable.ts';
import { disclosureNotes } from './disclosureNotes.ts';
import { withSuppressedFields } from './fieldPaths.ts';
import { addMonitoringCells, disclosedFunnel, withholdMonitoringStatistics } from './monitoringRules.ts';
import { protectCells } from './protectCells.ts';
import { addReconvictionCells, withholdReconvictionStatistics } from './reconvictionRules.ts';
import { withholdSurvivalRuns } from './survivalRuns.ts';
import { withheldCells, withhold, type WithheldFields } from './withheldFields.ts';

type Suppressible = { suppressed?: string[] | undefined };

function applyWithheld<T extends Suppressible>(records: readonly T[], section: SectionName, withheld: WithheldFields, counts: Record<string, number>, byField: Map<string, number>): T[] {
  const bySection = withheld.get(section);
  return records.map((record, index) => {
    const paths = bySection?.get(index);
    if (!paths?.size) return record;
    const ordered = [...paths].sort((a, b) => a.split('.').length - b.split('.').length || a.localeCompare(b));
    const out = withSuppressedFields(record, ordered);
    const before = new Set(record.suppressed ?? []);
    for (const p of out.suppressed ?? []) {
      if (before.has(p)) continue;
      counts[section] = (counts[section] ?? 0) + 1;
      byField.set(`${section}:${p}`, (byField.get(`${section}:${p}`) ?? 0) + 1);
    }
    return out;
  });
}

/**
 * The results as they may be published: a new object (the input is not changed) in which
 * every count of people below `minCell` (zeros too, where their base is below `minCell`),
 * every statistic computed from fewer than `minCell` people, and every value that would let
 * such a number be worked out, is null and named in its record's `suppressed`; `disclosure`
 * gives min_cell, how many values were suppressed per section and notes for the report.
 */
export function discloseResults(results: Results, minCell: number): Results {
  if (!Number.isInteger(minCell) || minCell < 1) throw new RangeError(`min_cell must be a whole number of at least 1 (got ${minCell})`);
  const withheld: WithheldFields = new Map();
  withholdSurvivalRuns(withheld, results, minCell);
  const survivalPooled = (withheld.get('reconviction.survival')?.size ?? 0) > 0;

  const table = emptyCellTable();
  addAttitudeCells(table, results);
  addReconvictionCells(table, results, withheld);
  addMonitoringCells(table, results);
  const protection = protectCells(table, minCell);
  for (const [section, records] of withheldCells(table, protection)) for (const [index, paths] of records) for (const p of paths) withhold(withheld, section, index, p);

  withholdAttitudeStatistics(withheld, results, minCell);
  withholdReconvictionStatistics(withheld, results, minCell);
  withholdMonitoringStatistics(withheld, results, minCell);

  const counts: Record<string, number> = {};
  const byField = new Map<string, number>();
  const apply = <T extends Suppressible>(records: readonly T[], section: SectionName) => applyWithheld(records, section, withheld, counts, byField);
  const { attitudes, reconviction, monitoring } = results;
  const funnel = disclosedFunnel(results, withheld);
  if (funnel !== monitoring.funnel) counts['monitoring.funnel'] = monitoring.funnel.length;

  const secondaryCells = [...protection.secondary].reduce((s, id) => s + (table.cells.get(id)?.places.length ?? 0), 0);
  const disclosed: Results = {
    ...results,
    flow: apply(results.flow, 'flow'),
    attitudes: {
      measures: attitudes.measures,
      scoring: apply(attitudes.scoring, 'attitudes.scoring'),
      jacobson_truax: apply(attitudes.jacobson_truax, 'attitudes.jacobson_truax'),
      reliable_change_bands: apply(attitudes.reliable_change_bands, 'attitudes.reliable_change_bands'),
      change: apply(attitudes.change, 'attitudes.change'),
      ancova: apply(attitudes.ancova, 'attitudes.ancova'),
    },
    reconviction: {
      rates: apply(reconviction.rates, 'reconviction.rates'),
      differences: apply(reconviction.differences, 'reconviction.differences'),
      survival: apply(reconviction.survival, 'reconviction.survival'),
      survival_curves: apply(reconviction.survival_curves, 'reconviction.survival_curves'),
      logrank: apply(reconviction.logrank, 'reconviction.logrank'),
      cox: apply(reconviction.cox, 'reconviction.cox'),
      logistic: apply(reconviction.logistic, 'reconviction.logistic'),
      matched: apply(reconviction.matched, 'reconviction.matched'),
      observed_expected: apply(reconviction.observed_expected, 'reconviction.observed_expected'),
    },
    monitoring: {
      quarterly: apply(monitoring.quarterly, 'monitoring.quarterly'),
      regions: apply(monitoring.regions, 'monitoring.regions'),
      funnel,
    },
    disclosure: { min_cell: minCell, suppressed_by_section: {}, notes: [] },
  };
  const suppressedBySection = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));
  disclosed.disclosure = {
    min_cell: minCell,
    suppressed_by_section: suppressedBySection,
    notes: disclosureNotes({ minCell, bySection: suppressedBySection, byField, secondaryCells, survivalPooled }),
  };
  return disclosed;
}
