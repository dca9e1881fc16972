/**
 * One linked system per run: every published count that counts people at some levels of a
 * comparison is tied to the run's linkage atoms (pipeline/analyse/linkage.ts), so the same
 * people counted under two comparisons, or by two models, are one set of unknowns. This is
 * how linked tables are protected together in sdcTable (`protectLinkedTables`) and
 * tau-ARGUS (Hundepool et al. 2012, *Statistical Disclosure Control*, §4.4): a count that
 * can be worked out by subtracting one comparison's figure from another's (custody = the
 * programme arm − community) is then a determined cell, and secondary suppression hides it.
 *
 * For each linked cell: cell = Σ over the atoms at its levels of Σ its concepts, a relation
 * added only when the true values obey it (a mismatch would be a bug in a concept's
 * definition; `addLinkage` returns the cells that did not match so a test can insist on
 * none). Within each atom, the complements a reader knows exist are relations too
 * (classed + not classed = referred; with every covariate + dropped = in the model's scope).
 */
import type { Linkage } from '../../schemas/results.ts';
import { addCell, addSum, type CellTable } from './cellTable.ts';
import { determinedCells } from './determinedCells.ts';

/** parent = Σ parts, within one atom. */
function nestings(linkage: Linkage, windows: readonly number[], measures: readonly string[]): string[][] {
  const out: string[][] = [['referred', 'curve', 'not_curve']];
  for (const m of measures) {
    out.push(['with_pre_and_post', `paired|${m}`, `both_not_paired|${m}`]);
    out.push(['with_pre', `paired|${m}`, `pre_only|${m}`, `pre_not_here|${m}`]);
  }
  const sets = linkage.covariate_sets.filter((c) => c !== '');
  for (const w of windows) {
    out.push(['referred', `classed|${w}`, `not_classed|${w}`]);
    out.push([`classed|${w}`, `classed_ogrs|${w}`, `classed_no_ogrs|${w}`]);
    out.push([`reoffended|${w}|any`, `classed_ogrs_reoff|${w}`, `classed_no_ogrs_reoff|${w}`]);
    for (const c of sets) out.push([`classed|${w}`, `classed_complete|${w}|${c}`, `classed_dropped|${w}|${c}`]);
  }
  for (const c of sets) {
    out.push(['curve', `cox|${c}`, `cox_dropped|${c}`]);
    out.push(['curve_event', `cox_event|${c}`, `cox_dropped_event|${c}`]);
    for (const m of measures) out.push([`paired|${m}`, `paired_complete|${m}|${c}`, `paired_dropped|${m}|${c}`]);
  }
  return out;
}

const atomId = (atom: number, concept: string) => `atom|${atom}|${concept}`;

/**
 * Tie every cell with a `link` to the atoms (in place). Returns the ids of linked cells
 * whose value did not equal the sum of their atoms (expected: none).
 */
export function addLinkage(table: CellTable, linkage: Linkage): string[] {
  const unmatched: string[] = [];
  const atomCell = (a: number, concept: string) => {
    const atom = linkage.atoms[a]!;
    return addCell(table, { id: atomId(a, concept), value: atom.counts[concept] ?? 0, base: atom.counts.referred ?? 0 });
  };
  const linked = [...table.cells.values()].filter((c) => c.link);
  for (const cell of linked) {
    const { comparison, levels, concepts } = cell.link!;
    const ci = linkage.comparisons.indexOf(comparison);
    if (ci < 0) continue;
    const parts: string[] = [];
    linkage.atoms.forEach((atom, a) => {
      const level = atom.levels[ci];
      if (level !== null && level !== undefined && levels.includes(level)) for (const k of concepts) parts.push(atomCell(a, k));
    });
    // A count the analysis could not compute (null) is no one's sum; any other must match.
    if (!addSum(table, cell.id, parts, `linkage: ${cell.id} = Σ its atoms`, 'checked') && cell.value !== null) unmatched.push(cell.id);
  }
  const windows = new Set<number>();
  const measures = new Set<string>();
  for (const atom of linkage.atoms) {
    for (const k of Object.keys(atom.counts)) {
      const [kind, a] = k.split('|');
      if (kind === 'classed') windows.add(Number(a));
      if (kind === 'paired') measures.add(a!);
    }
  }
  const triples = nestings(linkage, [...windows], [...measures]);
  linkage.atoms.forEach((_, a) => {
    for (const [parent, ...parts] of triples) {
      const present = [parent!, ...parts].filter((k) => table.cells.has(atomId(a, k))).length;
      if (present < 2) continue;
      addSum(table, atomCell(a, parent!), parts.map((k) => atomCell(a, k)), `linkage: within an atom, ${parent} = ${parts.join(' + ')}`, 'checked');
    }
  });
  return unmatched;
}

/** The people of `concept` at `levels` of a comparison, from the atoms (for model bases). */
export function linkedCount(linkage: Linkage, comparison: string, levels: readonly string[], concept: string): number | null {
  const ci = linkage.comparisons.indexOf(comparison);
  if (ci < 0) return null;
  let n = 0;
  for (const atom of linkage.atoms) {
    const l = atom.levels[ci];
    if (l !== null && l !== undefined && levels.includes(l)) n += atom.counts[concept] ?? 0;
  }
  return n;
}

/**
 * Table redesign before suppression (ONS / GSS guidance: collapse or drop a category before
 * suppressing cell by cell). When the levels a plan publishes determine an atom by their
 * structure alone (the programme arm − Building Choices − the legacy specialist programmes
 * = the legacy general programmes), a concept whose count in that atom is small would be
 * revealed in every concept it is small in. For each such concept the cell of the least
 * important level that contains the atom (the plan's last comparison first, `rank`) is
 * withheld up front, until no small atom is determined by structure. Returns those cells.
 */
export function structurallyExposedCells(table: CellTable, linkage: Linkage, minCell: number, rank: (id: string) => number, isSmall: (count: number, base: number) => boolean): Set<string> {
  const out = new Set<string>();
  const byLevelConcept = new Map<string, string>();
  for (const cell of table.cells.values()) {
    const l = cell.link;
    if (!l || l.levels.length !== 1 || l.concepts.length !== 1 || !cell.places.length) continue;
    byLevelConcept.set(`${l.comparison}|${l.levels[0]}|${l.concepts[0]}`, cell.id);
  }
  const concepts = new Set(linkage.atoms.flatMap((a) => Object.keys(a.counts)));
  const atomIds = linkage.atoms.map((_, a) => String(a));
  for (const concept of concepts) {
    const active = new Map<string, string>();
    linkage.atoms.forEach((atom) =>
      atom.levels.forEach((level, ci) => {
        if (level === null) return;
        const id = byLevelConcept.get(`${linkage.comparisons[ci]}|${level}|${concept}`);
        if (id !== undefined && !out.has(id)) active.set(`${ci}|${level}`, id);
      }),
    );
    for (let guard = 0; guard <= active.size; guard++) {
      const rows = [...active.keys()].map((key) => {
        const [ci, level] = [Number(key.split('|')[0]), key.slice(key.indexOf('|') + 1)];
        return new Map(linkage.atoms.flatMap((atom, a) => (atom.levels[ci] === level ? [[String(a), 1] as const] : [])));
      });
      const determined = determinedCells(atomIds, rows);
      const exposed = linkage.atoms.findIndex((atom, a) => determined.has(String(a)) && isSmall(atom.counts[concept] ?? 0, atom.counts.referred ?? 0));
      if (exposed < 0) break;
      const containing = [...active.entries()].filter(([key]) => linkage.atoms[exposed]!.levels[Number(key.split('|')[0])] === key.slice(key.indexOf('|') + 1));
      if (!containing.length) break;
      containing.sort(([, a], [, b]) => rank(b) - rank(a) || (table.cells.get(b)!.value ?? 0) - (table.cells.get(a)!.value ?? 0));
      const [key, id] = containing[0]!;
      out.add(id);
      active.delete(key);
    }
  }
  return out;
}
