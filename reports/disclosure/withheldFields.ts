/**
 * The fields disclosure control withholds, by section and record index, before they are
 * applied to the results (primary suppression, secondary suppression and the statistics that
 * follow them, in the sense of the ONS / GSS "Disclosure control guidance for tables produced
 * from administrative data").
 */
import type { CellProtection } from './protectCells.ts';
import type { CellTable, SectionName } from './cellTable.ts';

/** Section → record index → field paths to withhold. */
export type WithheldFields = Map<SectionName, Map<number, Set<string>>>;

/** Mark one field (in place: the map is built locally by discloseResults). */
export function withhold(withheld: WithheldFields, section: SectionName, index: number, path: string): void {
  let bySection = withheld.get(section);
  if (!bySection) withheld.set(section, (bySection = new Map()));
  let fields = bySection.get(index);
  if (!fields) bySection.set(index, (fields = new Set()));
  fields.add(path);
}

/** True when the field is withheld. */
export function isWithheld(withheld: WithheldFields, section: SectionName, index: number, path: string): boolean {
  return withheld.get(section)?.get(index)?.has(path) ?? false;
}

/** True when any field of the record is withheld. */
export function hasWithheld(withheld: WithheldFields, section: SectionName, index: number): boolean {
  return (withheld.get(section)?.get(index)?.size ?? 0) > 0;
}

/** The places of every suppressed cell, as withheld fields. */
export function withheldCells(table: CellTable, protection: CellProtection): WithheldFields {
  const out: WithheldFields = new Map();
  for (const id of protection.suppressed) for (const p of table.cells.get(id)?.places ?? []) withhold(out, p.section, p.index, p.path);
  return out;
}
