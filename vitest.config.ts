import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A PostgreSQL server for the PostgreSQL tests (CI starts one; otherwise this tries to).
    globalSetup: ['./test/support/postgresGlobalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/plainSummaryReporter.ts'],
  },
});
