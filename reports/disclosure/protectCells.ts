/**
 * Primary and secondary (complementary) suppression over one linked table of counts, with
 * an attacker's audit.
 *
 * Primary suppression (threshold rule, ONS / GSS "Disclosure control guidance for tables
 * produced from administrative data"; Ministry of Justice / Justice Data Lab minimum cell
 * size): every count of people that {@link isDisclosiveCount} flags is *sensitive*; a
 * sensitive published cell is withheld (`[low]`). An implied cell (not printed: the people
 * who did not reoffend, the people of one comparison's level inside another's) can be
 * sensitive too: it must then not be recoverable from what is printed. Cells named by the
 * release register (a count that differs from an earlier release by fewer than minCell
 * people, the ABS DataLab rule for combined tables) are withheld up front (`[c]`).
 *
 * Secondary suppression (`[c]`), repeated until nothing changes:
 * 1. *Differencing*: no sensitive or withheld cell may be determined by the shown cells
 *    through the relations (an exact rank test, {@link determinedCells}, over the unknowns
 *    linked to it).
 * 2. *Small sums*: when a sum's total is known, the undetermined parts together must not be a
 *    small count (1 to minCell − 1).
 * 3. *Protection intervals*: for every withheld count and every sensitive implied count, an
 *    attacker's feasible range (HiGHS, {@link feasibleRanges}) over all published cells,
 *    with non-negative integers and what the labels say (`[low]` is 0 to minCell − 1, `[c]`
 *    at least minCell), must span at least minCell values, or all the values its label
 *    allows (sdcTable's `attack()`, tau-ARGUS's audit; Hundepool et al. 2012 §4.3.2).
 * When a cell fails, one more shown cell is withheld: the cheapest to lose (a count printed
 * only beside a model before a headline count, the plan's last comparison before its first,
 * parts before totals, nearer before farther,
 * smaller before larger) among those that on their own fix it; failing any, the cheapest
 * of them, or the nearest shown cell. A zero is never withheld as secondary (it protects
 * nothing, and `[c]` then always means "at least minCell").
 */
import type { Cell, CellTable, Relation } from './cellTable.ts';
import { isDisclosiveCount } from './countRule.ts';
import { DeterminedCells } from './determinedCells.ts';
import type { RangesThread } from './rangesThread.ts';
import { feasibleRanges, highsSolver, type FeasibleRange, type IntervalProblem, type IntervalRow } from './protectionIntervals.ts';

/** How far (in relations) from an exposed cell secondary suppression looks for a cheap cell to withhold. */
export const SEARCH_DEPTH = 3;
/** How many candidate cells the interval phase tries, cheapest first, before taking the cheapest. */
const CANDIDATES_TRIED = 3;
/**
 * A component with at least this many withheld or sensitive counts has their ranges worked
 * out on two threads when the run has a second (half the counts each, from the same problem):
 * a national table's largest component has about a thousand, at some 3 ms an LP.
 */
export const TWO_THREADS_FROM = 200;

/** Sections whose counts are what a reader comes for; a count printed only beside a model is cheaper to withhold. */
const HEADLINE_SECTIONS = new Set<string>([
  'flow', 'attitudes.change', 'attitudes.jacobson_truax', 'reconviction.rates', 'reconviction.survival', 'reconviction.survival_curves', 'monitoring.quarterly', 'monitoring.regions',
]);

function isHeadline(cell: Cell): boolean {
  return cell.places.some((p) => HEADLINE_SECTIONS.has(p.section));
}

/** Why a published cell was withheld. */
export type SuppressionRule = 'threshold' | 'differencing' | 'small_sum' | 'protection_interval' | 'release';

/** What suppression decided, by cell id. */
export interface CellProtection {
  /** Every published cell withheld. */
  suppressed: Set<string>;
  /** Published cells withheld by the threshold rule (`[low]`). */
  primary: Set<string>;
  /** Published cells withheld to protect others, or against an earlier release (`[c]`). */
  secondary: Set<string>;
  /** Sensitive cells (published or implied), whatever became of them. */
  sensitive: Set<string>;
  /** The rule that withheld each suppressed cell. */
  rule: Map<string, SuppressionRule>;
  /** The attacker's feasible range of every withheld cell and every sensitive implied one. */
  intervals: Map<string, FeasibleRange>;
  /** Cells no further suppression could protect (expected: none). */
  unprotected: string[];
  /**
   * Withheld or sensitive cells whose range is narrower than minCell only because the labels
   * bound it (a [c] count made of [low] parts): withholding every cell within reach would not
   * widen it. Their ranges are logged for the output checker.
   */
  atLimit: Map<string, FeasibleRange>;
}

export interface ProtectOptions {
  /** Published cells to withhold because they differ from an earlier release by fewer than minCell. */
  release?: ReadonlySet<string>;
  /**
   * How dispensable a cell is, by the plan: the position of its comparison in the plan (a plan
   * lists its questions first and its context last), so that secondary suppression spends
   * the last comparison's counts before the first's. 0 when a cell belongs to none.
   */
  rank?: (id: string) => number;
  /** Published cells withheld before the search begins (see linkedCells.ts, table redesign). */
  redesign?: ReadonlySet<string>;
  /** A second thread to share the largest components' LPs with (see {@link TWO_THREADS_FROM}); the ranges are the same. */
  thread?: RangesThread;
}

/** Decide which published cells to withhold; see the file comment. */
export async function protectCells(table: CellTable, minCell: number, options: ProtectOptions = {}): Promise<CellProtection> {
  const highs = await highsSolver();
  const rank = options.rank ?? (() => 0);
  const sensitive = new Set<string>();
  const primary = new Set<string>();
  const rule = new Map<string, SuppressionRule>();
  for (const cell of table.cells.values()) {
    if (cell.value === null || !isDisclosiveCount(cell.value, cell.base, minCell)) continue;
    // An unpublished zero among no one (those of the none arm who completed) concerns no one.
    if (!cell.places.length && cell.value === 0 && cell.base === 0) continue;
    sensitive.add(cell.id);
    if (cell.places.length) {
      primary.add(cell.id);
      rule.set(cell.id, 'threshold');
    }
  }
  const suppressed = new Set(primary);
  for (const id of options.release ?? []) {
    const c = table.cells.get(id);
    if (!c?.places.length || suppressed.has(id) || c.value === null || c.value < minCell) continue;
    suppressed.add(id);
    rule.set(id, 'release');
  }
  for (const id of options.redesign ?? []) {
    const c = table.cells.get(id);
    if (!c?.places.length || suppressed.has(id) || c.value === null || c.value < minCell) continue;
    suppressed.add(id);
    rule.set(id, 'differencing');
  }
  const cellOf = (id: string) => table.cells.get(id)!;
  const unknown = (id: string) => {
    const c = cellOf(id);
    return c.value === null || c.places.length === 0 || suppressed.has(id);
  };
  const shown = (id: string) => !unknown(id);
  const isTarget = (id: string) => sensitive.has(id) || suppressed.has(id);
  const byCell = new Map<string, number[]>();
  table.relations.forEach((rel, i) => rel.terms.forEach((t) => byCell.set(t.cell, [...(byCell.get(t.cell) ?? []), i])));

  /** The unknowns linked to `start` through relations, and those relations (with `extra` taken as unknown too). */
  function componentOf(start: string, extra?: string | ReadonlySet<string>): { cells: string[]; relations: Relation[] } {
    const extras = typeof extra === 'string' ? new Set([extra]) : (extra ?? new Set<string>());
    const isUnknown = (id: string) => extras.has(id) || unknown(id);
    const seen = new Set([start]);
    const seenRelations = new Set<number>();
    const queue = [start];
    while (queue.length) {
      const id = queue.pop()!;
      for (const ri of byCell.get(id) ?? []) {
        if (seenRelations.has(ri)) continue;
        seenRelations.add(ri);
        for (const t of table.relations[ri]!.terms) {
          if (!seen.has(t.cell) && isUnknown(t.cell)) {
            seen.add(t.cell);
            queue.push(t.cell);
          }
        }
      }
    }
    return { cells: [...seen].sort(), relations: [...seenRelations].sort((a, b) => a - b).map((ri) => table.relations[ri]!) };
  }

  // The rank test over every unknown, kept up to date as cells are withheld.
  const echelon = new DeterminedCells(
    [...table.cells.keys()].filter(unknown).sort(),
    table.relations.map((r) => new Map(r.terms.map((t) => [t.cell, t.coefficient]))),
  );
  /** Would `target` still be determined if `candidate` were withheld too? */

  /** The cells around `target`, ring by ring (ring d: d relations away); the walk goes on through cells `through` accepts. */
  function* rings(target: string, through: (id: string) => boolean): Generator<string[]> {
    const seenCells = new Set([target]);
    const seenRelations = new Set<number>();
    let frontier = [target];
    while (frontier.length) {
      const ring: string[] = [];
      for (const id of frontier) {
        for (const ri of byCell.get(id) ?? []) {
          if (seenRelations.has(ri)) continue;
          seenRelations.add(ri);
          for (const t of table.relations[ri]!.terms) {
            if (seenCells.has(t.cell)) continue;
            seenCells.add(t.cell);
            ring.push(t.cell);
          }
        }
      }
      yield ring;
      frontier = ring.filter(through);
    }
  }

  /** A shown non-zero cell may be withheld as secondary: it is then at least minCell. */
  const coverable = (id: string) => shown(id) && cellOf(id).value! >= minCell;

  /** The nearest coverable cell, reached through unknown cells: a part before a total, smaller first. */
  const nearestShown = (target: string): string | null => {
    for (const ring of rings(target, unknown)) {
      const found = ring.filter(coverable);
      if (found.length) {
        found.sort((a, b) => Number(cellOf(a).total) - Number(cellOf(b).total) || cellOf(a).value! - cellOf(b).value! || a.localeCompare(b));
        return found[0]!;
      }
    }
    return null;
  };

  /** What withholding a cell costs, for sorting candidates; worked out once per cell, as the search sorts the same cells many times. */
  const costs = new Map<string, { headline: number; rank: number; total: number; value: number }>();
  const costOf = (id: string) => {
    let cost = costs.get(id);
    if (!cost) {
      const cell = cellOf(id);
      cost = { headline: Number(isHeadline(cell)), rank: rank(id), total: Number(cell.total), value: cell.value! };
      costs.set(id, cost);
    }
    return cost;
  };

  /** Coverable cells up to {@link SEARCH_DEPTH} relations from `target` that `keep` accepts, cheapest to lose first. */
  const cheapestShown = (target: string, keep: (id: string) => boolean = () => true): string[] => {
    const found: { id: string; distance: number }[] = [];
    let distance = 0;
    for (const ring of rings(target, () => true)) {
      distance++;
      for (const id of ring) if (coverable(id) && keep(id)) found.push({ id, distance });
      // Stop before the walk works out the next ring, the widest yet.
      if (distance === SEARCH_DEPTH) break;
    }
    const keyed = found.map((f) => ({ ...f, ...costOf(f.id) }));
    return keyed
      .sort((a, b) => a.headline - b.headline || b.rank - a.rank || a.total - b.total || a.distance - b.distance || a.value - b.value || a.id.localeCompare(b.id))
      .map((f) => f.id);
  };

  const withhold = (id: string, why: SuppressionRule) => {
    suppressed.add(id);
    rule.set(id, why);
    echelon.addUnknown(id);
  };

  /** Steps 1 and 2, to a fixed point. */
  const rankPhase = () => {
    const givenUp = new Set<string>();
    for (let guard = 0; guard < 20 * table.cells.size + 10; guard++) {
      const determined = echelon.determined();
      const exposed = [...determined].sort().find((id) => isTarget(id) && !givenUp.has(id));
      if (exposed !== undefined) {
        // The cheapest candidate whose withholding leaves `exposed` undetermined.
        const pick = cheapestShown(exposed, echelon.breaks(exposed))[0] ?? nearestShown(exposed);
        if (pick === null) givenUp.add(exposed);
        else withhold(pick, 'differencing');
        continue;
      }
      let pick: string | null = null;
      for (const rel of table.relations) {
        if (!rel.sum) continue;
        const { total, parts } = rel.sum;
        if (unknown(total) && !determined.has(total)) continue;
        const hidden = parts.filter((p) => unknown(p) && !determined.has(p));
        if (!hidden.length || hidden.some((p) => cellOf(p).value === null)) continue;
        const s = hidden.reduce((acc, p) => acc + cellOf(p).value!, 0);
        if (!(s > 0 && s < minCell)) continue;
        const candidates = parts.filter(coverable).sort((a, b) => cellOf(a).value! - cellOf(b).value! || a.localeCompare(b));
        pick = candidates[0] ?? (coverable(total) ? total : nearestShown(total));
        if (pick !== null) break;
      }
      if (pick === null) return;
      withhold(pick, 'small_sum');
    }
  };

  /** The attacker's bounds on an unknown cell. */
  const bounds = (id: string): [number, number] => {
    const c = cellOf(id);
    // An atom exists: someone has that combination of levels (a reader may know it does).
    if (!suppressed.has(id)) return [id.startsWith('atom|') && id.endsWith('|referred') ? 1 : 0, Infinity];
    if (primary.has(id)) return [0, minCell - 1];
    return [c.value !== null && c.value >= minCell ? minCell : 0, Infinity];
  };

  /** The attacker's problem over the component of `targets` (with `extra` taken as unknown): the targets' indices in it, and the true counts. */
  const problemOf = (targets: readonly string[], extra?: string | ReadonlySet<string>): { problem: IntervalProblem; indices: number[]; known: number[] } => {
    const extras = typeof extra === 'string' ? new Set([extra]) : (extra ?? new Set<string>());
    const { cells, relations } = componentOf(targets[0]!, extras);
    const index = new Map(cells.map((id, i) => [id, i]));
    const rows: IntervalRow[] = [];
    for (const rel of relations) {
      let rhs = 0;
      const terms: { index: number; coefficient: number }[] = [];
      for (const t of rel.terms) {
        const i = index.get(t.cell);
        if (i === undefined) rhs -= t.coefficient * cellOf(t.cell).value!;
        else terms.push({ index: i, coefficient: t.coefficient });
      }
      if (terms.length) rows.push({ terms, rhs });
    }
    const lower = cells.map((id) => (extras.has(id) ? minCell : bounds(id)[0]));
    const upper = cells.map((id) => (extras.has(id) ? Infinity : bounds(id)[1]));
    // The true counts are a feasible point: every bound they sit on is attained without an LP.
    const known = cells.map((id) => cellOf(id).value ?? Number.NaN);
    return { problem: { lower, upper, rows }, indices: targets.map((t) => index.get(t)!), known };
  };

  /** Feasible ranges of `targets`, all in one component (with `extra` taken as unknown). */
  const rangesOf = (targets: readonly string[], extra?: string | ReadonlySet<string>): Map<string, FeasibleRange> => {
    const { problem, indices, known } = problemOf(targets, extra);
    const result = feasibleRanges(highs, problem, indices, known);
    return new Map(targets.map((t, i) => [t, result[i]!]));
  };

  /**
   * {@link rangesOf} with the second half of the targets solved on the second thread while this
   * one solves the first (each range is its LP's optimum, whichever thread solves it); a half
   * the thread fails is solved here.
   */
  const rangesOnTwoThreads = async (thread: RangesThread, targets: readonly string[]): Promise<Map<string, FeasibleRange>> => {
    const { problem, indices, known } = problemOf(targets);
    const half = Math.ceil(indices.length / 2);
    const there = thread.feasibleRanges(problem, indices.slice(half), known).catch(() => null);
    const here = feasibleRanges(highs, problem, indices.slice(0, half), known);
    const result = [...here, ...((await there) ?? feasibleRanges(highs, problem, indices.slice(half), known))];
    return new Map(targets.map((t, i) => [t, result[i]!]));
  };

  /** Sums each cell is a part of, by the total's id. */
  const totalsOf = new Map<string, string[]>();
  for (const rel of table.relations) if (rel.sum) for (const part of rel.sum.parts) totalsOf.set(part, [...(totalsOf.get(part) ?? []), rel.sum.total]);
  /** A part of a total that is itself withheld as [low]: already below minCell by that total's mark. */
  const insideSmallTotal = (id: string) => (totalsOf.get(id) ?? []).some((t) => primary.has(t));

  /**
   * True when an attacker's range for `id` is wide enough: at least minCell values; or, for a
   * [low] count, every value from 1 to minCell − 1 (all its label allows); or, for a count
   * inside a total that is itself below minCell, more than one value (the total's label
   * already bounds it below minCell; it must not be worked out exactly).
   */
  const isProtected = (id: string, range: FeasibleRange): boolean => {
    const span = range.upper === null ? Infinity : range.upper - range.lower + 1;
    if (span >= minCell) return true;
    if (primary.has(id) && range.lower <= 1 && range.upper !== null && range.upper >= minCell - 1) return true;
    return span >= 2 && sensitive.has(id) && insideSmallTotal(id);
  };

  const intervals = new Map<string, FeasibleRange>();
  const unprotected: string[] = [];
  const atLimit = new Map<string, FeasibleRange>();
  const rangeCache = new Map<string, Map<string, FeasibleRange>>();
  /** Step 3: one pass over every component; true when it withheld anything. */
  const intervalPhase = async (): Promise<boolean> => {
    intervals.clear();
    unprotected.length = 0;
    atLimit.clear();
    const targets = [...table.cells.keys()].filter((id) => unknown(id) && isTarget(id) && cellOf(id).value !== null);
    const targetSet = new Set(targets);
    /** The targets in `target`'s component, and the key the cache knows the component by (its cells and its targets). */
    const componentAt = (target: string) => {
      const cells = componentOf(target).cells;
      const component = cells.filter((id) => targetSet.has(id));
      return { component, key: `${cells.join('\u0000')}#${component.join('\u0000')}` };
    };
    if (options.thread) {
      // The largest components first, on two threads, as the pass below will find them (a
      // component a withholding in the pass changes is solved again there, on this thread).
      const seen = new Set<string>();
      for (const target of targets) {
        if (seen.has(target)) continue;
        const { component, key } = componentAt(target);
        for (const id of component) seen.add(id);
        if (component.length >= TWO_THREADS_FROM && !rangeCache.has(key)) rangeCache.set(key, await rangesOnTwoThreads(options.thread, component));
      }
    }
    const done = new Set<string>();
    let changed = false;
    for (const target of targets) {
      if (done.has(target)) continue;
      const { component, key } = componentAt(target);
      let ranges = rangeCache.get(key);
      if (!ranges) rangeCache.set(key, (ranges = rangesOf(component)));
      for (const [id, r] of ranges) {
        intervals.set(id, r);
        done.add(id);
      }
      const failing = component.filter((id) => !isProtected(id, ranges.get(id)!));
      // Fix every failing cell of the component in this pass, re-checking each against the
      // cells already withheld for the ones before it.
      for (const [k, cell] of failing.entries()) {
        if (k > 0 && isProtected(cell, rangesOf([cell]).get(cell)!)) continue;
        const candidates = cheapestShown(cell);
        let pick = candidates.slice(0, CANDIDATES_TRIED).find((c) => isProtected(cell, rangesOf([cell], c).get(cell)!)) ?? null;
        if (pick === null) {
          // Would withholding every shown cell tied to this one's unknowns do? If not, the cell
          // is as wide as the labels allow (a [c] count made of two [low] parts is at most
          // 2 × (minCell − 1)): record it, and withhold nothing for it.
          const boundary = new Set<string>();
          for (const rel of componentOf(cell).relations) for (const t of rel.terms) if (coverable(t.cell)) boundary.add(t.cell);
          for (const c of candidates) boundary.add(c);
          if (!boundary.size || !isProtected(cell, rangesOf([cell], boundary).get(cell)!)) {
            const range = rangesOf([cell]).get(cell)!;
            if (range.upper !== null && range.upper - range.lower < 1 && boundary.size) {
              // Worked out exactly: never accepted. Withhold the whole boundary and look again.
              for (const c of boundary) withhold(c, 'protection_interval');
              changed = true;
              continue;
            }
            atLimit.set(cell, range);
            continue;
          }
          pick = candidates.find((c) => boundary.has(c)) ?? [...boundary].sort((a, b) => cellOf(a).value! - cellOf(b).value! || a.localeCompare(b))[0]!;
        }
        if (pick === null) {
          unprotected.push(cell);
          continue;
        }
        withhold(pick, 'protection_interval');
        changed = true;
      }
    }
    return changed;
  };

  for (let guard = 0; guard < table.cells.size + 10; guard++) {
    rankPhase();
    if (!(await intervalPhase())) break;
  }
  const secondary = new Set([...suppressed].filter((id) => !primary.has(id)));
  return { suppressed, primary, secondary, sensitive, rule, intervals, unprotected, atLimit };
}
