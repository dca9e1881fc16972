/**
 * Disclosure control: from what an analysis found to what may be published.
 *
 * Follows the ONS / GSS "Disclosure control guidance for tables produced from administrative
 * data" (threshold rule, primary and secondary suppression, differencing), the Ministry of
 * Justice / Justice Data Lab rule of publishing no count, rate or estimate from fewer than a
 * minimum number of people, sdcTable / tau-ARGUS practice of protecting linked tables as one
 * system and auditing it with an attacker's LP, and the ABS DataLab rule for outputs that
 * combine with earlier releases. In order:
 * 1. Jacobson–Truax grids are coarsened until no bin is small ({@link coarsenJacobsonTruax});
 * 2. survival curves are published in runs of at least minCell events, cut where fewer than
 *    minCell remain at risk, and not at all for a level with fewer than minCell people,
 *    reoffences or non-reoffences ({@link withholdSurvivalRuns});
 * 3. every count of people becomes a cell of ONE linked table: the section rules add cells
 *    and the sums between them, and the run's linkage ties every count to the atoms of people
 *    it counts, across comparisons and models ({@link addLinkage});
 * 4. {@link protectCells} withholds small counts (`[low]`), counts that differ from the
 *    release register by fewer than minCell, and enough further counts (`[c]`) that no
 *    withheld or sensitive count has an attacker's feasible range narrower than minCell;
 * 5. every statistic goes when its base (the model's smallest level, its reoffences or
 *    non-reoffences) is below minCell or a count it would give back is withheld;
 * 6. the withheld fields are set to null, named in each record's `suppressed` with their
 *    reason in `suppressed_reason`, and summarised in `disclosure`; the output checker's log
 *    lists every withheld cell with its rule and protection interval.
 * The rules are in docs/disclosure.md (for an output checker) and reports/disclosure/README.md.
 */
import { discloseExtractRows } from './extractRowsRule.ts';
import { resultsSchema, type AnalysisResults, type DisclosedResults, type Results, type WithheldCell } from '../../schemas/results.ts';
import { addAttitudeCells, withholdAttitudeStatistics } from './attitudeRules.ts';
import { emptyCellTable, type SectionName } from './cellTable.ts';
import { disclosureNotes } from './disclosureNotes.ts';
import { withSuppressedFields } from './fieldPaths.ts';
import { coarsenJacobsonTruax, type GridChoice } from './jacobsonTruaxGrid.ts';
import { addLinkage, structurallyExposedCells } from './linkedCells.ts';
import { isDisclosiveCount } from './countRule.ts';
import { addMonitoringCells, disclosedFunnel, withholdMonitoringStatistics } from './monitoringRules.ts';
import { protectCells } from './protectCells.ts';
import { addReconvictionCells, withholdReconvictionStatistics } from './reconvictionRules.ts';
import { cellPopulation, cellsDifferingFromRelease, type ComparisonDefinition, type ReleasedCell } from './releaseCells.ts';
import { withholdSurvivalRuns } from './survivalRuns.ts';
import { headlineEstimates } from '../history/headlineEstimates.ts';
import type { RangesThread } from './rangesThread.ts';
import { withholdDerivedStatistics } from './derivedRules.ts';
import { withheldCells, withhold, type WithheldFields, type WithheldReason } from './withheldFields.ts';

/** The smallest min_cell whose output may be published; below it the report is stamped. */
export const PUBLISHABLE_MIN_CELL = 10;

export interface DiscloseOptions {
  minCell: number;
  /** The release register this run is checked against (none: an empty register). */
  release?: { id: number | null; fresh: boolean; cells: readonly ReleasedCell[] };
  /**
   * The run cannot record what it publishes in the release register (a read-only database), so
   * later releases could not be checked against it: the output is stamped not for publication.
   */
  unregistered?: boolean;
  /**
   * The headline figures of this plan's earlier complete runs, oldest first, as they were
   * published (the run registry): carried into `history`, with this run's own appended.
   */
  history?: Results['history'];
  /** A second thread for the largest components' LPs (a large run's); the output is the same without. */
  thread?: RangesThread;
}

/** What a human output checker signs off: every rule applied and every withheld cell. */
export interface DisclosureLog {
  min_cell: number;
  publishable: boolean;
  release: { id: number | null; fresh: boolean; earlier_cells: number; withheld_against_it: number };
  rules: { rule: string; what: string }[];
  grids: GridChoice[];
  /** Counts of the linked table: cells, relations, and how many published cells it holds. */
  table: { cells: number; relations: number; published: number; implied: number; linkage_mismatches: number };
  withheld_cells: WithheldCell[];
  /** Sensitive counts that are not printed but are protected all the same, with their ranges. */
  protected_implied: { cell: string; lower: number; upper: number | null }[];
  narrowest_interval: Results['disclosure']['narrowest_interval'];
  /** Withheld fields (counts and statistics), by section and reason. */
  withheld_fields: Record<string, { low: number; c: number }>;
  /** Cells no suppression could protect: must be empty for the output to be released. */
  unprotected: string[];
  /**
   * Counts whose range is narrower than min_cell only because the labels bound it (a [c] count
   * made of [low] parts): withholding every figure within reach would not widen it.
   */
  at_label_limit: { cell: string; places: string[]; lower: number; upper: number | null }[];
}

export interface Disclosure {
  results: DisclosedResults;
  log: DisclosureLog;
  /** The cells this output publishes, for the release register. */
  publishedCells: ReleasedCell[];
}

const RULES: { rule: string; what: string }[] = [
  { rule: 'threshold', what: 'A count of people from 1 to min_cell − 1 is withheld ([low]); a zero only where the people it is part of number fewer than min_cell.' },
  { rule: 'model_support', what: 'No model estimate (hazard ratio, odds ratio, ANCOVA difference, matched difference, Kaplan–Meier step, log-rank test) is published when any level it compares has fewer than min_cell people, reoffences or non-reoffences in the model\'s own sample ([low]).' },
  { rule: 'statistics_follow_counts', what: 'A rate, mean, interval or test goes with its base, and with any count it would give back (rate × n, df = n − 1, interval widths).' },
  { rule: 'linked_table', what: 'Every published count, in every comparison, table, chart, model and the participant flow, is a cell of one system of linear relations: totals, complements, nested subsets (adjusted ⊂ unadjusted, classed ⊂ referred) and the same people under two comparisons (as sums over the atoms of people who share a level in every comparison).' },
  { rule: 'differencing', what: 'No withheld or sensitive count may be worked out exactly from the published cells (exact rank test); a further cell is withheld ([c]).' },
  { rule: 'small_sum', what: 'Withheld parts of a published total may not add up to 1 to min_cell − 1 people together ([c]).' },
  { rule: 'protection_interval', what: 'For every withheld count and every sensitive unpublished count, an attacker\'s feasible range from all published cells (non-negative integers, with what [low] and [c] say) must span at least min_cell values, or everything its label allows; solved with HiGHS ([c]).' },
  { rule: 'release', what: 'A count that differs by 1 to min_cell − 1 from the same population in an earlier run of this release is withheld ([c]), and protected like any other.' },
  { rule: 'grids', what: 'Jacobson–Truax grids are coarsened (10, 5 or 2 bins a side) until no bin holds 1 to min_cell − 1 people; otherwise the grid is not published.' },
  { rule: 'survival_runs', what: 'Kaplan–Meier curves are shown in steps of at least min_cell reoffences, and cut where fewer than min_cell remain at risk; numbers at risk are printed only where true.' },
];

type Suppressible = { suppressed?: string[] | undefined; suppressed_reason?: Record<string, WithheldReason> | undefined };

function comparisonsOf(results: AnalysisResults): ComparisonDefinition[] {
  const plan = results.plan as { comparisons?: ComparisonDefinition[] } | null;
  return (plan?.comparisons ?? []).map((c) => ({ id: c.id, by: c.by, treatment: c.treatment, reference: c.reference }));
}

/**
 * The results as they may be published (the input is not changed), the output checker's log,
 * and the published cells for the release register. See the file comment.
 */
export async function discloseResults(raw: AnalysisResults, options: DiscloseOptions): Promise<Disclosure> {
  const { minCell } = options;
  if (!Number.isInteger(minCell) || minCell < 1) throw new RangeError(`min_cell must be a whole number of at least 1 (got ${minCell})`);
  const release = options.release ?? { id: null, fresh: false, cells: [] };
  const comparisons = comparisonsOf(raw);
  const { results, grids } = coarsenJacobsonTruax(raw, minCell);

  const withheld: WithheldFields = new Map();
  withholdSurvivalRuns(withheld, results, minCell);
  const survivalPooled = (withheld.get('reconviction.survival')?.size ?? 0) > 0;

  const table = emptyCellTable();
  addAttitudeCells(table, results);
  addReconvictionCells(table, results, withheld);
  addMonitoringCells(table, results, minCell);
  const mismatches = addLinkage(table, results.linkage);
  const differing = cellsDifferingFromRelease(table, release.cells, comparisons, minCell);
  const comparisonIndex = new Map(comparisons.map((c, i) => [c.id, i]));
  // Remembered per cell: suppression's search sorts candidates by it many times over (the table is complete here).
  const ranks = new Map<string, number>();
  const rankOf = (id: string) => table.cells.get(id)?.link?.comparison !== undefined ? comparisonIndex.get(table.cells.get(id)!.link!.comparison) ?? 0 : comparisonIndex.get(id.split('|')[1] ?? '') ?? 0;
  const rank = (id: string) => ranks.get(id) ?? ranks.set(id, rankOf(id)).get(id)!;
  const redesign = structurallyExposedCells(table, results.linkage, minCell, rank, (count, base) => isDisclosiveCount(count, base, minCell) && !(count === 0 && base === 0));
  // The release rule withholds only what this run would otherwise publish: protect without it,
  // then add as primaries the differing cells still published, until none is (at worst all of
  // them). A cell withheld anyway is not "withheld against the release", so an identical
  // re-run says and shows exactly what the first run did.
  const againstRelease = new Set<string>();
  const onThreads = options.thread ? { thread: options.thread } : {};
  let protection = await protectCells(table, minCell, { release: againstRelease, rank, redesign, ...onThreads });
  for (let round = 0; ; round++) {
    const published = [...differing].filter((id) => !protection.suppressed.has(id) && !againstRelease.has(id));
    if (!published.length) break;
    if (round > 4) throw new Error(`disclosure control could not withhold ${published.length} count(s) that differ from the release; nothing was written`);
    for (const id of round < 3 ? published : differing) againstRelease.add(id);
    protection = await protectCells(table, minCell, { release: againstRelease, rank, redesign, ...onThreads });
  }
  for (const [section, records] of withheldCells(table, protection)) for (const [index, paths] of records) for (const [p, reason] of paths) withhold(withheld, section, index, p, reason);

  withholdAttitudeStatistics(withheld, results, minCell);
  withholdReconvictionStatistics(withheld, results, minCell);
  withholdMonitoringStatistics(withheld, results, minCell);
  withholdDerivedStatistics(withheld, results, minCell);

  const bySection: Record<string, number> = {};
  const byReason = { low: 0, c: 0 };
  const byField = new Map<string, number>();
  const withheldFields: Record<string, { low: number; c: number }> = {};
  const apply = <T extends Suppressible>(records: readonly T[], section: SectionName): T[] => {
    const paths = withheld.get(section);
    return records.map((record, index) => {
      const fields = paths?.get(index);
      if (!fields?.size) return record;
      const ordered = new Map([...fields].sort(([a], [b]) => a.split('.').length - b.split('.').length || a.localeCompare(b)));
      const out = withSuppressedFields(record, ordered);
      const before = new Set(record.suppressed ?? []);
      for (const p of out.suppressed ?? []) {
        if (before.has(p)) continue;
        const reason = out.suppressed_reason?.[p] ?? 'low';
        bySection[section] = (bySection[section] ?? 0) + 1;
        byReason[reason] += 1;
        (withheldFields[section] ??= { low: 0, c: 0 })[reason] += 1;
        byField.set(`${section}:${p}`, (byField.get(`${section}:${p}`) ?? 0) + 1);
      }
      return out;
    });
  };
  const { attitudes, reconviction, monitoring } = results;
  const funnel = disclosedFunnel(results, withheld);
  if (funnel !== monitoring.funnel) bySection['monitoring.funnel'] = monitoring.funnel.length;

  // The output checker's view of each withheld cell: identity, reason, rule, range.
  const label = (id: string) => {
    const { population, variant } = cellPopulation(id, comparisons);
    return variant ? `${population} [covariates ${variant}]` : population;
  };
  const withheldList: WithheldCell[] = [...protection.suppressed]
    .filter((id) => table.cells.get(id)!.places.length)
    .sort()
    .map((id) => {
      const range = protection.intervals.get(id);
      return {
        cell: label(id),
        places: table.cells.get(id)!.places.map((p) => `${p.section}[${p.index}].${p.path}`),
        reason: protection.primary.has(id) ? 'low' : 'c',
        rule: protection.rule.get(id) ?? 'threshold',
        lower: range?.lower ?? null,
        upper: range?.upper ?? null,
      };
    });
  const impliedProtected = [...protection.sensitive]
    .filter((id) => !table.cells.get(id)!.places.length && protection.intervals.has(id))
    .sort()
    .map((id) => ({ cell: id.startsWith('atom|') ? 'people sharing one level in every comparison' : label(id), lower: protection.intervals.get(id)!.lower, upper: protection.intervals.get(id)!.upper }));
  // The narrowest range of any withheld published count (unpublished ones are listed apart).
  let narrowest: Results['disclosure']['narrowest_interval'] = null;
  for (const [id, r] of protection.intervals) {
    if (!table.cells.get(id)!.places.length || !protection.suppressed.has(id)) continue;
    const span = r.upper === null ? null : r.upper - r.lower + 1;
    if (narrowest === null || (span ?? Infinity) < (narrowest.span ?? Infinity)) narrowest = { cell: label(id), lower: r.lower, upper: r.upper, span };
  }

  const secondaryCells = [...protection.secondary].reduce((s, id) => s + (table.cells.get(id)?.places.length ?? 0), 0);
  const unregistered = options.unregistered ?? false;
  const publishable = minCell >= PUBLISHABLE_MIN_CELL && !unregistered;
  const disclosed: Results = {
    progeval_version: results.progeval_version,
    contract_version: results.contract_version,
    plan: results.plan,
    // Rows refused or withdrawn at load: rows, not people; the small ones withheld.
    data: discloseExtractRows(results.data, minCell),
    // Groups per stratum and yes/no on min_cell people: no person count to protect.
    ...(results.adjustment ? { adjustment: results.adjustment } : {}),
    flow: apply(results.flow, 'flow'),
    attitudes: {
      measures: attitudes.measures,
      scoring: apply(attitudes.scoring, 'attitudes.scoring'),
      // A withheld bin is left out whole: a listed bin says someone sits there.
      jacobson_truax: apply(attitudes.jacobson_truax, 'attitudes.jacobson_truax').filter((bin) => bin.count !== null),
      reliable_change_bands: apply(attitudes.reliable_change_bands, 'attitudes.reliable_change_bands'),
      change: apply(attitudes.change, 'attitudes.change'),
      ancova: apply(attitudes.ancova, 'attitudes.ancova'),
    },
    reconviction: {
      rates: apply(reconviction.rates, 'reconviction.rates'),
      differences: apply(reconviction.differences, 'reconviction.differences'),
      // A step with nothing published is left out whole: its time alone says someone reoffended then.
      survival: apply(reconviction.survival, 'reconviction.survival').filter((row) => row.at_risk !== null || row.events !== null || row.surv !== null),
      survival_curves: apply(reconviction.survival_curves, 'reconviction.survival_curves'),
      landmarks: apply(reconviction.landmarks, 'reconviction.landmarks'),
      logrank: apply(reconviction.logrank, 'reconviction.logrank'),
      cox: apply(reconviction.cox, 'reconviction.cox'),
      logistic: apply(reconviction.logistic, 'reconviction.logistic'),
      // paired_smallest_cell is for disclosure control only: never published.
      matched: apply(reconviction.matched, 'reconviction.matched').map(({ paired_smallest_cell: _, ...m }) => m),
      observed_expected: apply(reconviction.observed_expected, 'reconviction.observed_expected'),
      frequency: apply(reconviction.frequency, 'reconviction.frequency'),
      time_to_reoffence: apply(reconviction.time_to_reoffence, 'reconviction.time_to_reoffence'),
    },
    // A verdict whose estimate is withheld cannot be given: saying it would say where the CI lies.
    verdicts: apply(results.verdicts, 'verdicts').map((v) => {
      const reason = v.suppressed_reason?.estimate ?? v.suppressed_reason?.note;
      const weighted = v.attrition_weighted && (reason || v.suppressed_reason?.['attrition_weighted.estimate']) ? { ...v.attrition_weighted, verdict: 'not_assessable' as const } : v.attrition_weighted;
      const w = weighted === undefined ? {} : { attrition_weighted: weighted };
      return reason ? { ...v, ...w, verdict: 'not_assessable' as const, note: `withheld by disclosure control [${reason}]: the estimate it rests on is not published` } : { ...v, ...w };
    }),
    readiness: apply(results.readiness, 'readiness'),
    monitoring: {
      quarterly: apply(monitoring.quarterly, 'monitoring.quarterly'),
      regions: apply(monitoring.regions, 'monitoring.regions'),
      funnel,
      // Published in blocks of at least min_cell reoffenders and non-reoffenders by the analysis itself.
      cusum: monitoring.cusum,
    },
    disclosure: {
      min_cell: minCell,
      publishable,
      ...(unregistered ? { unregistered } : {}),
      release: { fresh: release.fresh },
      // Filled by `apply` above, as the sections were built.
      suppressed_by_section: bySection,
      suppressed_by_reason: byReason,
      narrowest_interval: narrowest,
      notes: [],
    },
    history: [],
  };
  // This run's headline figures, read from what it publishes, after the earlier runs'.
  disclosed.history = [...(options.history ?? []), { extract_date: disclosed.data.dates?.extract_date ?? null, estimates: headlineEstimates(disclosed as DisclosedResults) }];
  const measureLabel = (code: string) => disclosed.attitudes.measures.find((m) => m.measure === code)?.label ?? code;
  disclosed.disclosure.notes = disclosureNotes({
    minCell,
    bySection,
    byField,
    byReason,
    secondaryCells,
    survivalPooled,
    // Measures by their catalogue labels: the notes are read by people.
    gridsWithheld: grids.filter((g) => g.bins_per_side === null).map((g) => measureLabel(g.measure)),
    gridsCoarsened: grids.filter((g) => g.bins_per_side !== null && g.bins_per_side < 10).map((g) => measureLabel(g.measure)),
    publishable,
    unregistered,
    release: { fresh: release.fresh, againstIt: againstRelease.size },
  });

  const publishedCells: ReleasedCell[] = [...table.cells.values()]
    .filter((c) => c.places.length && c.value !== null && !protection.suppressed.has(c.id))
    .map((c) => ({ ...cellPopulation(c.id, comparisons), value: c.value! }));
  const log: DisclosureLog = {
    min_cell: minCell,
    publishable,
    release: { id: release.id, fresh: release.fresh, earlier_cells: release.cells.length, withheld_against_it: againstRelease.size },
    rules: RULES,
    grids,
    table: {
      cells: table.cells.size,
      relations: table.relations.length,
      published: [...table.cells.values()].filter((c) => c.places.length).length,
      implied: [...table.cells.values()].filter((c) => !c.places.length).length,
      linkage_mismatches: mismatches.length,
    },
    withheld_cells: withheldList,
    protected_implied: impliedProtected,
    narrowest_interval: narrowest,
    withheld_fields: withheldFields,
    unprotected: protection.unprotected.map(label),
    at_label_limit: [...protection.atLimit].map(([id, r]) => ({ cell: table.cells.get(id)!.places.length ? label(id) : 'an unpublished count', places: table.cells.get(id)!.places.map((p) => `${p.section}[${p.index}].${p.path}`), lower: r.lower, upper: r.upper })),
  };
  return { results: resultsSchema.parse(disclosed) as DisclosedResults, log, publishedCells };
}
