import { defineConfig } from 'vitest/config';

/**
 * Tests that load and analyse in-process: the `postgres` project runs them again with every
 * database on PostgreSQL (test/support/onPostgres.ts; they read what was stored through
 * test/support/storedDatabase.ts), as do the release register, the run registry (history) and
 * reproduce, which keep their state in the database. Tests of the statistics and the report's
 * rendering do not depend on the dialect and run once; so do the end-to-end output checks
 * (run.test.ts, publishedReport.test.ts), since test/pipeline/db/postgres.test.ts shows that
 * PostgreSQL publishes the same bytes as SQLite. Tests of SQLite itself (its file, WAL, the run
 * lock's folder, a read-only or full disk, a killed process) run on SQLite only, and
 * postgres.test.ts tests PostgreSQL's own concerns (advisory locks, snapshots, roles, collation,
 * a dropped connection).
 */
const ON_BOTH_DIALECTS = [
  'test/pipeline/db/disclosureRegister.test.ts',
  'test/pipeline/cli/releaseRegister.test.ts',
  'test/pipeline/cli/history.test.ts',
  'test/pipeline/cli/reproduce.test.ts',
  'test/pipeline/load/**/*.test.ts',
  'test/pipeline/validate/**/*.test.ts',
  'test/pipeline/extract/**/*.test.ts',
  'test/pipeline/analyse/**/*.test.ts',
  'test/pipeline/cli/levels.test.ts',
  'test/pipeline/cli/export.test.ts',
  'test/pipeline/cli/plan.test.ts',
  'test/reports/charts/**/*.test.ts',
  'test/reports/disclosure/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/plainSummaryReporter.ts'],
    // A PostgreSQL server for the PostgreSQL tests (CI starts one; otherwise this tries to).
    globalSetup: ['./test/support/postgresGlobalSetup.ts'],
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'postgres', include: ON_BOTH_DIALECTS, setupFiles: ['./test/support/onPostgres.ts'] } },
    ],
  },
});
