/**
 * The fields disclosure control withholds, by section and record index, with why, before
 * they are applied to the results (primary suppression, secondary suppression and the
 * statistics that follow them, in the sense of the ONS / GSS "Disclosure control guidance
 * for tables produced from administrative data").
 */
import type { CellProtection } from './protectCells.ts';
import type { CellTable, SectionName } from './cellTable.ts';

/** `low`: primary (too few people behind it); `c`: secondary (withheld to protect another figure). */
export type WithheldReason = 'low' | 'c';

/** Section → record index → field path → reason. */
export type WithheldFields = Map<SectionName, Map<number, Map<string, WithheldReason>>>;

/** Mark one field (in place: the map is built locally by discloseResults); `low` wins over `c`. */
export function withhold(withheld: WithheldFields, section: SectionName, index: number, path: string, reason: WithheldReason = 'low'): void {
  let bySection = withheld.get(section);
  if (!bySection) withheld.set(section, (bySection = new Map()));
  let fields = bySection.get(index);
  if (!fields) bySection.set(index, (fields = new Map()));
  if (fields.get(path) !== 'low') fields.set(path, reason);
}

/** True when the field is withheld. */
export function isWithheld(withheld: WithheldFields, section: SectionName, index: number, path: string): boolean {
  return withheld.get(section)?.get(index)?.has(path) ?? false;
}

/** Why the field is withheld, or undefined. */
export function withheldReason(withheld: WithheldFields, section: SectionName, index: number, path: string): WithheldReason | undefined {
  return withheld.get(section)?.get(index)?.get(path);
}

/** True when any field of the record is withheld. */
export function hasWithheld(withheld: WithheldFields, section: SectionName, index: number): boolean {
  return (withheld.get(section)?.get(index)?.size ?? 0) > 0;
}

/** The places of every suppressed cell, as withheld fields: primary `low`, the rest `c`. */
export function withheldCells(table: CellTable, protection: CellProtection): WithheldFields {
  const out: WithheldFields = new Map();
  for (const id of protection.suppressed) {
    const reason: WithheldReason = protection.primary.has(id) ? 'low' : 'c';
    for (const p of table.cells.get(id)?.places ?? []) withhold(out, p.section, p.index, p.path, reason);
  }
  return out;
}
