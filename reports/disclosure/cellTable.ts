/**
 * The published counts of a results file as one table of cells tied by linear relations,
 * the model behind secondary (complementary) suppression in the ONS / GSS "Disclosure
 * control guidance for tables produced from administrative data": a withheld cell is only
 * protected if it cannot be worked out from the cells shown and the sums that tie them.
 *
 * A cell is a count of people. It is *published* when it appears in a record (at one or
 * more places: the same count printed twice is one cell), or *implied* when it is not
 * printed but is a count of people all the same (the people who did not reoffend, n −
 * reoffended; the members of a level, n + excluded). A relation is Σ coefficient × cell = 0;
 * a *sum* relation names its total and parts (total = Σ parts), which the small-sum rule
 * (see protectCells) also inspects.
 */

/** A section of results.json, as `disclosure.suppressed_by_section` names it. */
export type SectionName =
  | 'flow'
  | 'attitudes.scoring'
  | 'attitudes.change'
  | 'attitudes.jacobson_truax'
  | 'attitudes.reliable_change_bands'
  | 'attitudes.ancova'
  | 'reconviction.rates'
  | 'reconviction.differences'
  | 'reconviction.survival'
  | 'reconviction.survival_curves'
  | 'reconviction.landmarks'
  | 'reconviction.logrank'
  | 'reconviction.cox'
  | 'reconviction.logistic'
  | 'reconviction.matched'
  | 'reconviction.observed_expected'
  | 'reconviction.frequency'
  | 'reconviction.time_to_reoffence'
  | 'verdicts'
  | 'readiness'
  | 'monitoring.quarterly'
  | 'monitoring.regions'
  | 'monitoring.funnel';

/** Where a published cell is printed: a field path of one record of one section. */
export interface Place {
  section: SectionName;
  index: number;
  path: string;
}

/** One count of people. */
export interface Cell {
  id: string;
  /** The count; null when the analysis could not compute it (an unknown to everyone). */
  value: number | null;
  /** Empty for an implied cell. */
  places: Place[];
  /** The people this count is a part of, for the primary rule (a base is its own base). */
  base: number | null;
  /** A total others add up to (a level's n): suppressed for protection only as a last resort. */
  total: boolean;
  /** The people it counts, as atoms of the run's linkage (see linkedCells.ts). */
  link?: CellLink;
}

/**
 * A count as a sum over the linkage's atoms: the people at any of `levels` of comparison
 * `comparison`, counted for each of `concepts` (pipeline/analyse/linkage.ts).
 */
export interface CellLink {
  comparison: string;
  levels: readonly string[];
  concepts: readonly string[];
}

/** Σ coefficient × cell = 0. */
export interface Relation {
  terms: { cell: string; coefficient: number }[];
  /** Plain words, for the README and test messages. */
  why: string;
  sum?: { total: string; parts: string[] };
}

/** Cells by id, and the relations between them. */
export interface CellTable {
  cells: Map<string, Cell>;
  relations: Relation[];
}

/** An empty table. */
export function emptyCellTable(): CellTable {
  return { cells: new Map(), relations: [] };
}

/** What to add: a published cell gives its place, an implied one none. */
export interface CellSpec {
  id: string;
  value: number | null | undefined;
  place?: Place;
  base: number | null | undefined;
  total?: boolean;
  link?: CellLink;
}

/**
 * Add a cell to the table (in place: tables are built locally, then read). The same id
 * added again with the same value is the same count printed at another place; with a
 * different value it is a different count, kept under a distinct id (and returned).
 */
export function addCell(table: CellTable, spec: CellSpec): string {
  const value = spec.value ?? null;
  let id = spec.id;
  let existing = table.cells.get(id);
  for (let k = 2; existing && existing.value !== value; k++) {
    id = `${spec.id}#${k}`;
    existing = table.cells.get(id);
  }
  if (existing) {
    if (spec.place) existing.places.push(spec.place);
    existing.total ||= spec.total ?? false;
    existing.link ??= spec.link;
    return id;
  }
  table.cells.set(id, { id, value, places: spec.place ? [spec.place] : [], base: spec.base ?? null, total: spec.total ?? false, ...(spec.link ? { link: spec.link } : {}) });
  return id;
}

function holds(table: CellTable, terms: Relation['terms']): boolean {
  let s = 0;
  let scale = 0;
  for (const t of terms) {
    const v = table.cells.get(t.cell)?.value;
    if (v === null || v === undefined) return false;
    s += t.coefficient * v;
    scale += Math.abs(t.coefficient * v);
  }
  return Math.abs(s) <= 1e-9 * Math.max(1, scale);
}

/**
 * Add total = Σ parts. A *defining* relation (how an implied cell is made) is always added; a
 * *checked* one (a relation that holds by how the analysis counts, such as a Cox model's n
 * being the sum of its levels' curves) is added only when the values satisfy it, so a
 * relation the data do not obey is never assumed, and one they do obey is always protected.
 * Returns whether it was added.
 */
export function addSum(table: CellTable, total: string, parts: readonly string[], why: string, kind: 'defining' | 'checked'): boolean {
  const terms = [{ cell: total, coefficient: 1 }, ...parts.map((p) => ({ cell: p, coefficient: -1 }))];
  if (!terms.every((t) => table.cells.has(t.cell))) return false;
  if (kind === 'checked' && !holds(table, terms)) return false;
  table.relations.push({ terms, why, sum: { total, parts: [...parts] } });
  return true;
}

