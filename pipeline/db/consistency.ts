/**
 * `progeval check`: does the database still hold what its load history says?
 *
 * - the engine's own checks: SQLite `integrity_check` and `foreign_key_check`; on PostgreSQL,
 *   what the catalogue says (constraints validated, indexes valid, text columns in byte order);
 * - for every batch and file, rows read = rows loaded + rows quarantined, and the quarantine
 *   holds exactly the rows the batch says it quarantined;
 * - for the latest dated snapshot, the rows in force in each table are exactly the rows it
 *   loaded (everything else was withdrawn), and no row is withdrawn by a batch older than the
 *   one that wrote it.
 */
import { sql } from 'kysely';
import { CONTRACT_FILES } from '../../schemas/contract/index.ts';
import type { ProgevalDatabase } from './dialect.ts';
import { loadHistory, tableCounts } from './history.ts';
import { CONTRACT_TABLES, type ContractTableName } from './tables.ts';

export interface ConsistencyReport {
  /** Each check by name, with what it found wrong (empty when it holds). */
  checks: { check: string; problems: string[] }[];
  ok: boolean;
}

export async function checkConsistency(database: ProgevalDatabase): Promise<ConsistencyReport> {
  const checks: ConsistencyReport['checks'] = [];
  checks.push({ check: database.dialect === 'sqlite' ? 'SQLite integrity and foreign keys' : 'PostgreSQL catalogue: constraints validated, indexes valid, text in byte order', problems: await database.integrityProblems() });

  const history = await loadHistory(database);
  const quarantined = await database.db
    .selectFrom('quarantine')
    .select(['batch_id', 'file', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['batch_id', 'file'])
    .execute();
  const inQuarantine = new Map(quarantined.map((q) => [`${q.batch_id} ${q.file}`, Number(q.n)]));
  const reconciliation: string[] = [];
  for (const b of history) {
    for (const f of b.files) {
      if (f.rowsRead !== f.rowsLoaded + f.rowsQuarantined) {
        reconciliation.push(`batch ${b.batch_id} ${f.file}: ${f.rowsRead} read, but ${f.rowsLoaded} loaded + ${f.rowsQuarantined} quarantined`);
      }
      const held = inQuarantine.get(`${b.batch_id} ${f.file}`) ?? 0;
      if (held !== f.rowsQuarantined) reconciliation.push(`batch ${b.batch_id} ${f.file}: ${f.rowsQuarantined} quarantined, but the quarantine holds ${held}`);
    }
  }
  checks.push({ check: 'every batch reconciles (read = loaded + quarantined; the quarantine holds them)', problems: reconciliation });

  const snapshot: string[] = [];
  const latest = history.at(-1);
  if (latest?.extract_date) {
    const counts = await tableCounts(database);
    for (const table of CONTRACT_TABLES) {
      const file = CONTRACT_FILES.find((f) => f.table === table)!.file;
      const loaded = latest.files.find((f) => f.file === file)?.rowsLoaded ?? 0;
      const inForce = counts[table];
      if (inForce !== loaded) snapshot.push(`${table}: ${inForce} rows in force, but the latest extract (batch ${latest.batch_id}) loaded ${loaded}`);
    }
  }
  for (const table of CONTRACT_TABLES) {
    const early = await countWhere(database, table, sql`withdrawn_batch_id is not null and withdrawn_batch_id <= batch_id`);
    if (early) snapshot.push(`${table}: ${early} rows withdrawn by a batch no later than the one that wrote them`);
  }
  checks.push({ check: 'the rows in force are the latest extract, and withdrawals follow the batches', problems: snapshot });

  return { checks, ok: checks.every((c) => !c.problems.length) };
}

async function countWhere(database: ProgevalDatabase, table: ContractTableName, where: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(database.db);
  return Number(rows[0]?.n ?? 0);
}
