/**
 * The three roles of a shared PostgreSQL database, as SQL an HMPPS DBA runs once
 * (`progeval db roles --print`). No one reads what they need not:
 *
 * - `progeval_admin` owns the schema: it creates and upgrades progeval's tables (the first
 *   `progeval` command run against a new database, or after an upgrade).
 * - `progeval_loader` loads extracts: it reads and writes the contract tables, the load
 *   history and the quarantine, and creates temporary staging tables.
 * - `progeval_analyst` runs analyses: it reads the analysis tables and the load history and
 *   records its runs and the cells it published (the run registry and the release register,
 *   which keep every later release safe), but writes no data, and cannot read the
 *   quarantine's refused rows (their values and reasons): only how many there were.
 *
 * Derived from the table list (tables.ts), so a new table cannot be forgotten: every table is
 * in exactly one of the lists below, which the test checks.
 */
import { CONTRACT_TABLES, type Database } from '../tables.ts';

export const ROLES = ['progeval_admin', 'progeval_loader', 'progeval_analyst'] as const;

/** Tables the loader writes; the analyst reads all but the quarantine. */
export const LOAD_TABLES = [...CONTRACT_TABLES, 'load_batches', 'load_files', 'quarantine'] as const satisfies readonly (keyof Database)[];
/** Tables a run writes: the run registry and the release register. */
export const RUN_TABLES = ['runs', 'run_estimates', 'disclosure_releases', 'disclosure_register'] as const satisfies readonly (keyof Database)[];
/** The quarantine's columns the analyst may read: where and why in outline, never the row or the reason's words. */
export const ANALYST_QUARANTINE_COLUMNS = ['quarantine_id', 'batch_id', 'file', 'line', 'column_name', 'reason_code'] as const;
/** kysely's migration bookkeeping, read by every role when progeval opens the database. */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** The SQL, for the database `database` (an identifier: letters, digits, _). */
export function rolesSql(database: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`${database}: a database name of letters, digits and _`);
  const analysed = LOAD_TABLES.filter((t) => t !== 'quarantine');
  return `-- progeval: three roles for the database ${database}. Run once as a superuser (or the database owner).
-- Then give people LOGIN roles that are members of these, e.g.
--   CREATE ROLE jo_bloggs LOGIN PASSWORD '…' IN ROLE progeval_analyst;
-- An admin login acts as progeval_admin, so that progeval_admin owns the tables it creates:
--   CREATE ROLE ann_admin LOGIN PASSWORD '…' IN ROLE progeval_admin;
--   ALTER ROLE ann_admin SET role = 'progeval_admin';
-- The first progeval command as that login creates the tables, e.g.
--   progeval status --db postgres://ann_admin@host/${database}

CREATE ROLE progeval_admin NOLOGIN;
CREATE ROLE progeval_loader NOLOGIN;
CREATE ROLE progeval_analyst NOLOGIN;

REVOKE ALL ON DATABASE ${database} FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO progeval_loader;
GRANT CONNECT ON DATABASE ${database} TO progeval_analyst;
GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${database} TO progeval_admin;
GRANT USAGE, CREATE ON SCHEMA public TO progeval_admin;
GRANT USAGE ON SCHEMA public TO progeval_loader, progeval_analyst;

-- Then, once the tables exist (after the admin's first progeval command), and after each upgrade:
GRANT SELECT ON ${list(MIGRATION_TABLES)} TO progeval_loader, progeval_analyst;
GRANT SELECT, INSERT, UPDATE, DELETE ON ${list(LOAD_TABLES)} TO progeval_loader;
GRANT SELECT ON ${list(RUN_TABLES)} TO progeval_loader;
GRANT SELECT ON ${list(analysed)} TO progeval_analyst;
GRANT SELECT (${ANALYST_QUARANTINE_COLUMNS.join(', ')}) ON "quarantine" TO progeval_analyst;
GRANT SELECT, INSERT, UPDATE ON ${list(RUN_TABLES)} TO progeval_analyst;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO progeval_loader, progeval_analyst;
`;
}
