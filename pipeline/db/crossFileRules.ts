/**
 * Rules that span rows or files, run as set-based SQL once a file's valid rows are staged.
 * Each rule sees the staged rows and the rows in force in the tables: this snapshot's earlier
 * files (parents load first, and rows they no longer hold are already withdrawn), so a row
 * whose parent was refused or is absent from the snapshot is refused too.
 * A row a rule finds is quarantined and not loaded; rules run in order, each on what the
 * previous ones left.
 *
 * Standard SQL only (scalar subqueries, EXISTS, COALESCE), so these run unchanged on
 * PostgreSQL.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ContractFile } from '../../schemas/contract/index.ts';
import type { RowRefusalReason } from '../validate/refusal.ts';

export interface CrossFileViolation {
  line: number;
  column: string;
  reasonCode: RowRefusalReason;
  reason: string;
}

export interface CrossFileRule {
  /** The contract file (by table) whose rows the rule checks. */
  table: string;
  reasonCode: RowRefusalReason;
  column: string;
  /** The rule in words, for the contract description and `--help`. */
  description: string;
  find(db: Kysely<any>, stage: string): Promise<CrossFileViolation[]>;
}

export const stageTable = (table: string) => `stage_${table}`;

type Found = { line: number; detail?: string | number | null; low?: number; high?: number };

/** A number as people write it: 0 not 0.0, at most 4 decimals. */
const num = (x: unknown) => String(Number(Number(x).toFixed(4)));

function rule(
  table: string,
  column: string,
  reasonCode: RowRefusalReason,
  description: string,
  query: (stage: RawBuilder<unknown>) => RawBuilder<Found>,
  reason: (row: Found) => string,
): CrossFileRule {
  return {
    table,
    column,
    reasonCode,
    description,
    async find(db, stage) {
      const { rows } = await query(sql.table(stage)).execute(db);
      return rows.map((row) => ({ line: Number(row.line), column, reasonCode, reason: reason(row) }));
    },
  };
}

const id = (name: string) => sql.ref(name);

/** Two rows with the same key in one file: the first stands, the later ones are refused. */
export function duplicateKeyRule(file: ContractFile): CrossFileRule {
  const key = file.key.filter((k) => k !== 'occurrence');
  const same = sql.join(key.map((k) => sql`f.${id(k)} = s.${id(k)}`), sql` and `);
  return rule(
    file.table,
    key[key.length - 1]!,
    'duplicate_key',
    `${file.file}: a second row with the same ${key.join(', ')} as an earlier line`,
    (stage) => sql<Found>`select s.line as line, min(f.line) as detail from ${stage} s join ${stage} f on ${same} and f.line < s.line group by s.line`,
    (r) => `the same ${key.join(' + ')} as line ${r.detail}; the first row stands`,
  );
}

/** What a row of each parent file is, in the words of a quarantine reason. */
const PARENT_NOUN: Record<string, string> = { people: 'person', groups: 'group', facilitators: 'facilitator', enrolments: 'enrolment', measures: 'measure' };

/**
 * The lines of `parentFile` refused in the load under way (the latest batch), by the value of
 * `parentColumn` they held: read back from the quarantine, in memory only, so that a row left
 * without its parent can say which refused line took it. A refused row whose key could not be
 * read is not there.
 */
async function refusedParentLines(db: Kysely<any>, parentFile: string, parentColumn: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ line: number; row_json: string | null }>`select q.line as line, q.row_json as row_json from quarantine q where q.file = ${parentFile} and q.batch_id = (select max(b.batch_id) from load_batches b) order by q.line`.execute(db);
  const lines = new Map<string, number>();
  for (const r of rows) {
    const key = r.row_json ? (JSON.parse(r.row_json) as Record<string, unknown>)[parentColumn] : undefined;
    if (key !== undefined && key !== null && !lines.has(String(key))) lines.set(String(key), Number(r.line));
  }
  return lines;
}

function orphanRule(table: string, file: string, column: string, parent: string, parentFile: string, parentColumn = column): CrossFileRule {
  const noun = PARENT_NOUN[parent] ?? 'row';
  return {
    table,
    column,
    reasonCode: 'orphan_reference',
    description: `${file}: ${column} that is not in ${parentFile} (this extract or an earlier one)`,
    async find(db, stage) {
      const { rows } = await sql<Found>`select s.line as line, s.${id(column)} as detail from ${sql.table(stage)} s where s.${id(column)} is not null and not exists (select 1 from ${sql.table(parent)} p where p.${id(parentColumn)} = s.${id(column)} and p.withdrawn_batch_id is null)`.execute(db);
      if (!rows.length) return [];
      // The parent's value stays here: the reason names the refused line, never the value.
      const refused = await refusedParentLines(db, parentFile, parentColumn);
      return rows.map((row) => {
        const at = refused.get(String(row.detail));
        return {
          line: Number(row.line),
          column,
          reasonCode: 'orphan_reference' as const,
          reason: at !== undefined ? `refused because its ${noun} (line ${at} of ${parentFile}) was refused` : `${column} refers to no row of ${parentFile} in this extract or an earlier one`,
        };
      });
    },
  };
}

/** When an earlier timepoint of the same enrolment and measure was assessed. */
function preDate(table: 'assessments' | 'assessment_items', stage: RawBuilder<unknown>) {
  const agg = table === 'assessments' ? sql`p.assessed_on` : sql`min(p.assessed_on)`;
  return sql`coalesce(
      (select ${agg} from ${stage} p where p.enrolment_id = s.enrolment_id and p.measure = s.measure and p.timepoint = 'pre'),
      (select ${agg} from ${sql.table(table)} p where p.enrolment_id = s.enrolment_id and p.measure = s.measure and p.timepoint = 'pre' and p.withdrawn_batch_id is null))`;
}

function prePostOrderRule(table: 'assessments' | 'assessment_items', file: string): CrossFileRule {
  return rule(
    table,
    'assessed_on',
    'date_order',
    `${file}: a post or follow_up assessment dated before the pre assessment of the same enrolment and measure`,
    (stage) => sql<Found>`select s.line as line, s.timepoint as detail from ${stage} s where s.timepoint <> 'pre' and s.assessed_on < ${preDate(table, stage)}`,
    (r) => `the ${r.detail} assessment is dated before the pre assessment of the same enrolment and measure`,
  );
}

export const CROSS_FILE_RULES: readonly CrossFileRule[] = [
  orphanRule('group_facilitators', 'group_facilitators.csv', 'group_id', 'groups', 'groups.csv'),
  orphanRule('group_facilitators', 'group_facilitators.csv', 'facilitator_id', 'facilitators', 'facilitators.csv'),
  orphanRule('enrolments', 'enrolments.csv', 'person_id', 'people', 'people.csv'),
  orphanRule('enrolments', 'enrolments.csv', 'group_id', 'groups', 'groups.csv'),
  orphanRule('assessments', 'assessments.csv', 'enrolment_id', 'enrolments', 'enrolments.csv'),
  orphanRule('assessments', 'assessments.csv', 'measure', 'measures', 'measures.csv'),
  orphanRule('assessment_items', 'assessment_items.csv', 'enrolment_id', 'enrolments', 'enrolments.csv'),
  orphanRule('assessment_items', 'assessment_items.csv', 'measure', 'measures', 'measures.csv'),
  orphanRule('reconvictions', 'reconvictions.csv', 'person_id', 'people', 'people.csv'),
  rule(
    'assessments',
    'score',
    'out_of_range',
    "assessments.csv: a score outside the measure's min and max",
    (stage) =>
      sql<Found>`select s.line as line, m.min as low, m.max as high from ${stage} s join measures m on m.measure = s.measure where s.score < m.min or s.score > m.max`,
    (r) => `the score is outside the measure's range (${num(r.low)} to ${num(r.high)})`,
  ),
  rule(
    'assessment_items',
    'measure',
    'inconsistent_row',
    'assessment_items.csv: item responses for a measure whose catalogue entry gives no items',
    (stage) => sql<Found>`select s.line as line from ${stage} s join measures m on m.measure = s.measure where m.items is null`,
    () => 'the measure is not scored from items (measures.csv gives no items for it)',
  ),
  rule(
    'assessment_items',
    'item',
    'out_of_range',
    "assessment_items.csv: an item number above the measure's items",
    (stage) => sql<Found>`select s.line as line, m.items as detail from ${stage} s join measures m on m.measure = s.measure where s.item > m.items`,
    (r) => `the item number is above the measure's ${r.detail} items`,
  ),
  rule(
    'assessment_items',
    'response',
    'out_of_range',
    "assessment_items.csv: a response outside min/items to max/items of the measure",
    (stage) =>
      sql<Found>`select s.line as line, m.min * 1.0 / m.items as low, m.max * 1.0 / m.items as high from ${stage} s join measures m on m.measure = s.measure
        where s.response < m.min * 1.0 / m.items - 1e-9 or s.response > m.max * 1.0 / m.items + 1e-9`,
    (r) => `the response is outside the item range (${num(r.low)} to ${num(r.high)})`,
  ),
  prePostOrderRule('assessments', 'assessments.csv'),
  prePostOrderRule('assessment_items', 'assessment_items.csv'),
];
