/**
 * Disclosure across releases. Two publications of the same population that differ by a few
 * people reveal those few people by subtraction: this month's reoffenders against last
 * month's, a model with one more covariate against the one before. The ABS DataLab output
 * rule for combined tables (ABS, "DataLab output checking rules", 2023: "differencing
 * between outputs") withholds a cell that differs from one already released by fewer than
 * the threshold. The database keeps a register of every published cell (its population
 * definition and value, never a pseudonym: pipeline/db/disclosureRegister.ts); a run
 * withholds, as `[c]`, every cell whose population was released before with a value
 * 1 to minCell − 1 away.
 *
 * A cell's *population* is its definition with the plan's comparison ids replaced by what
 * they compare (`level|programme|building_choices|referred` →
 * `level|programme_family=building_choices|referred`), so that two plans naming the same
 * comparison differently share it; its *variant* is the model's covariate set, so that the
 * models of two runs with different covariates are compared with each other.
 */
import type { CellTable } from './cellTable.ts';

/** A cell as the register keeps it. */
export interface ReleasedCell {
  population: string;
  variant: string;
  value: number;
}

/** What a comparison id stands for. */
export interface ComparisonDefinition {
  id: string;
  by: string;
  treatment: string;
  reference: string;
  /** A comparison restricted to a subgroup counts other people: its filter is part of the population. */
  filter?: Record<string, string>;
  /**
   * Factors held fixed. They change no count of people except the matched sample (matching is
   * exact on them), so only matched cells are kept apart from the same cells as delivered: any
   * other count is the same people, and must be checked against that population's history.
   */
  adjust_for?: string[];
}

/** The population and variant of a cell id (see the file comment). */
export function cellPopulation(id: string, comparisons: readonly ComparisonDefinition[]): { population: string; variant: string } {
  const tokens = id.split('|');
  let variant = '';
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.startsWith('cov=')) {
      variant = token.slice(4);
      continue;
    }
    const comparison = i === 1 ? comparisons.find((c) => c.id === token) : undefined;
    if (!comparison) {
      out.push(token);
      continue;
    }
    const next = tokens[i + 1];
    const within = Object.entries(comparison.filter ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([f, l]) => `&${f}=${l}`)
      .join('') + (tokens[0] === 'matched' && comparison.adjust_for?.length ? `+held(${[...comparison.adjust_for].sort().join(',')})` : '');
    if (next === comparison.treatment || next === comparison.reference) {
      out.push(`${comparison.by}=${next}${within}`);
      i++;
    } else out.push(`${comparison.by}:${comparison.treatment}~${comparison.reference}${within}`);
  }
  return { population: out.join('|'), variant };
}

/** Published cells whose population was released before with a value 1 to minCell − 1 away. */
export function cellsDifferingFromRelease(table: CellTable, released: readonly ReleasedCell[], comparisons: readonly ComparisonDefinition[], minCell: number): Set<string> {
  const byPopulation = new Map<string, number[]>();
  for (const r of released) byPopulation.set(r.population, [...(byPopulation.get(r.population) ?? []), r.value]);
  const out = new Set<string>();
  for (const cell of table.cells.values()) {
    if (!cell.places.length || cell.value === null) continue;
    const earlier = byPopulation.get(cellPopulation(cell.id, comparisons).population);
    if (earlier?.some((v) => Math.abs(v - cell.value!) >= 1 && Math.abs(v - cell.value!) < minCell)) out.add(cell.id);
  }
  return out;
}
