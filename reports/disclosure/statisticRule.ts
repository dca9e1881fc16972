/**
 * Statistics follow the counts they come from (ONS / GSS "Disclosure control guidance for
 * tables produced from administrative data": a rate, mean or model estimate is as disclosive
 * as the smallest number of people behind it; Justice Data Lab reports publish no estimate
 * for groups below the minimum size).
 *
 * A statistic is withheld when its base (the people it is computed from) is below minCell,
 * or when any count it depends on is withheld: a rate shown beside its n gives back a
 * withheld numerator (rate × n), a df gives back n (n − 1), an interval's width gives back n.
 * A record's free-text `note` is withheld with its base, and whenever it quotes a number in
 * a record that has something withheld (analysis notes may quote a count, "fewer than 2
 * people with both pre and post scores (1)").
 */
import { isSmallBase } from './countRule.ts';
import type { SectionName } from './cellTable.ts';
import { withheldReason, withhold, type WithheldFields, type WithheldReason } from './withheldFields.ts';

/** Fields computed from `base` people that give back the counts `dependsOn` (paths). */
export interface StatisticRule {
  fields: readonly string[];
  base: number | null | undefined;
  dependsOn?: readonly string[];
}

/** Apply `rules` to one record: marks the fields to withhold in `withheld` (in place). */
export function applyStatisticRules(withheld: WithheldFields, section: SectionName, index: number, rules: readonly StatisticRule[], minCell: number): void {
  for (const rule of rules) {
    const reasons = (rule.dependsOn ?? []).map((d) => withheldReason(withheld, section, index, d)).filter((r): r is WithheldReason => r !== undefined);
    // Too few people behind it is `low`; withheld only because a count it gives back is, that count's reason.
    const reason: WithheldReason | null = isSmallBase(rule.base, minCell) || reasons.includes('low') ? 'low' : reasons.length ? 'c' : null;
    if (reason) for (const f of rule.fields) withhold(withheld, section, index, f, reason);
  }
}

/** Withhold a record's note when its base is small, or when it quotes a number and something else in the record is withheld. */
export function applyNoteRule(withheld: WithheldFields, section: SectionName, index: number, note: string | null | undefined, recordBase: number | null | undefined, minCell: number): void {
  if (note === null || note === undefined) return;
  const others = withheld.get(section)?.get(index)?.size ?? 0;
  if (isSmallBase(recordBase, minCell)) withhold(withheld, section, index, 'note', 'low');
  else if (others > 0 && /\d/.test(note)) withhold(withheld, section, index, 'note', 'c');
}
