import { defineConfig } from 'vitest/config';

/**
 * Tests that load and analyse in-process: the `postgres` project runs them again with every
 * database on PostgreSQL (test/support/onPostgres.ts; they read what was stored through
 * test/support/storedDatabase.ts). Tests of the statistics, the report and the commands run in
 * child processes do not depend on the dialect and run once; tests of SQLite itself (its file,
 * WAL, schema pragmas, a read-only or full disk) run on SQLite only, and
 * test/pipeline/db/postgres.test.ts tests PostgreSQL's own concerns.
 */
const ON_BOTH_DIALECTS = [
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
