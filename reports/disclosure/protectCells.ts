/**
 * Primary and secondary (complementary) suppression over a table of counts.
 *
 * Primary suppression (threshold rule, ONS / GSS "Disclosure control guidance for tables
 * produced from administrative data"; Ministry of Justice / Justice Data Lab minimum cell
 * size): every count of people that {@link isDisclosiveCount} flags is *sensitive*; a
 * sensitive published cell is withheld. An implied cell (not printed, e.g. the people who did
 * not reoffend) can be sensitive too: it must then not be recoverable from what is printed.
 *
 * Secondary suppression, repeated until nothing changes:
 * 1. *Differencing*: no sensitive or withheld cell may be determined by the shown cells
 *    through the relations (see {@link determinedCells}); in particular every relation with
 *    a withheld cell keeps at least two unknowns (a withheld cell that could be worked out
 *    would protect nothing). When one is, a shown cell is withheld too: the cheapest to lose
 *    (a count printed only beside a model before a headline count, parts before totals,
 *    nearer before farther, smaller before larger) among those that on their own make it
 *    undetermined again; failing any, the nearest shown cell (parts of its relations
 *    first, totals only when no part is left, then cells one relation further away).
 * 2. *Small sums*: when a sum's total is known, the undetermined parts together must not be a
 *    small count (1 to minCell − 1), or the withheld cells would still reveal "these few
 *    people" as a group; the smallest non-zero shown part (else the total) is withheld.
 */
import type { Cell, CellTable } from './cellTable.ts';
import { isDisclosiveCount } from './countRule.ts';
import { determinedCells } from './determinedCells.ts';

/** How far (in relations) from an exposed cell secondary suppression looks for a cheap cell to withhold. */
export const SEARCH_DEPTH = 3;

/** Sections whose counts are what a reader comes for; a count printed only beside a model is cheaper to withhold. */
const HEADLINE_SECTIONS = new Set<string>([
  'flow', 'attitudes.change', 'attitudes.jacobson_truax', 'reconviction.rates', 'reconviction.survival', 'reconviction.survival_curves', 'monitoring.quarterly', 'monitoring.regions',
]);

function isHeadline(cell: Cell): boolean {
  return cell.places.some((p) => HEADLINE_SECTIONS.has(p.section));
}

/** What suppression decided, by cell id. */
export interface CellProtection {
  /** Every published cell withheld. */
  suppressed: Set<string>;
  /** Published cells withheld by the threshold rule. */
  primary: Set<string>;
  /** Published cells withheld only to protect others. */
  secondary: Set<string>;
  /** Sensitive cells (published or implied), whatever became of them. */
  sensitive: Set<string>;
}

function components(table: CellTable): string[][] {
  const parent = new Map<string, string>([...table.cells.keys()].map((k) => [k, k]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const rel of table.relations) {
    const [first, ...rest] = rel.terms;
    for (const t of rest) parent.set(find(t.cell), find(first!.cell));
  }
  const groups = new Map<string, string[]>();
  for (const id of table.cells.keys()) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()];
}

/** Decide which published cells to withhold; see the file comment. Pure. */
export function protectCells(table: CellTable, minCell: number): CellProtection {
  const sensitive = new Set<string>();
  const primary = new Set<string>();
  for (const cell of table.cells.values()) {
    if (cell.value === null || !isDisclosiveCount(cell.value, cell.base, minCell)) continue;
    sensitive.add(cell.id);
    if (cell.places.length) primary.add(cell.id);
  }
  const suppressed = new Set(primary);
  const cellOf = (id: string) => table.cells.get(id)!;
  const unknown = (id: string) => {
    const c = cellOf(id);
    return c.value === null || c.places.length === 0 || suppressed.has(id);
  };
  const shown = (id: string) => !unknown(id);
  const byCell = new Map<string, number[]>();
  table.relations.forEach((rel, i) => rel.terms.forEach((t) => byCell.set(t.cell, [...(byCell.get(t.cell) ?? []), i])));

  /**
   * The cells around `target`, ring by ring: ring d holds the cells d relations away, each
   * cell once. The walk goes on only through the cells `through` accepts.
   */
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

  /**
   * The shown cell to withhold so that `target` is better hidden, or null: in the nearest
   * ring (reached through withheld cells) that has one, a part before a total, smaller first.
   */
  const nearestShown = (target: string): string | null => {
    for (const ring of rings(target, unknown)) {
      const found = ring.filter(shown);
      if (found.length) {
        found.sort((a, b) => Number(cellOf(a).total) - Number(cellOf(b).total) || cellOf(a).value! - cellOf(b).value! || a.localeCompare(b));
        return found[0]!;
      }
    }
    return null;
  };

  /**
   * Shown non-zero cells up to {@link SEARCH_DEPTH} relations from `target`, cheapest to lose first:
   * a count printed only beside a model (its n, its dropped) before a headline count (flow,
   * rates, change, curves, monitoring), a part before a total, nearer before farther,
   * smaller before larger.
   */
  const cheapestShown = (target: string): string[] => {
    const found: { id: string; distance: number }[] = [];
    let distance = 0;
    for (const ring of rings(target, () => true)) {
      if (++distance > SEARCH_DEPTH) break;
      // A zero is no cover: a reader can often tell it is zero (a model with no
      // covariates drops no one), so withholding it would protect nothing.
      for (const id of ring) if (shown(id) && cellOf(id).value! > 0) found.push({ id, distance });
    }
    return found
      .sort(
        (a, b) =>
          Number(isHeadline(cellOf(a.id))) - Number(isHeadline(cellOf(b.id))) ||
          Number(cellOf(a.id).total) - Number(cellOf(b.id).total) ||
          a.distance - b.distance ||
          cellOf(a.id).value! - cellOf(b.id).value! ||
          a.id.localeCompare(b.id),
      )
      .map((f) => f.id);
  };

  for (const component of components(table)) {
    if (component.length < 2) continue;
    const inComponent = new Set(component);
    const relations = table.relations.filter((r) => inComponent.has(r.terms[0]!.cell));
    const rows = relations.map((r) => new Map(r.terms.map((t) => [t.cell, t.coefficient])));
    const givenUp = new Set<string>();
    for (let guard = 0; guard < 10 * component.length + 10; guard++) {
      const unknowns = component.filter(unknown);
      const determined = determinedCells(unknowns, rows);
      const exposed = unknowns.find((id) => (sensitive.has(id) || suppressed.has(id)) && determined.has(id) && !givenUp.has(id));
      let withhold: string | null = null;
      if (exposed !== undefined) {
        // The cheapest cell that hides `exposed` on its own; failing that, the nearest.
        withhold =
          cheapestShown(exposed).find((candidate) => !determinedCells([...unknowns, candidate], rows).has(exposed)) ?? nearestShown(exposed);
        if (withhold === null) givenUp.add(exposed);
      } else {
        for (const rel of relations) {
          if (!rel.sum) continue;
          const { total, parts } = rel.sum;
          if (unknown(total) && !determined.has(total)) continue;
          const hidden = parts.filter((p) => unknown(p) && !determined.has(p));
          if (!hidden.length || hidden.some((p) => cellOf(p).value === null)) continue;
          const s = hidden.reduce((acc, p) => acc + cellOf(p).value!, 0);
          if (!(s > 0 && s < minCell)) continue;
          const candidates = parts.filter((p) => shown(p) && cellOf(p).value! > 0).sort((a, b) => cellOf(a).value! - cellOf(b).value! || a.localeCompare(b));
          withhold = candidates[0] ?? (shown(total) ? total : nearestShown(total));
          if (withhold !== null) break;
        }
      }
      if (withhold === null) {
        if (exposed !== undefined) continue;
        break;
      }
      suppressed.add(withhold);
    }
  }
  const secondary = new Set([...suppressed].filter((id) => !primary.has(id)));
  return { suppressed, primary, secondary, sensitive };
}
