/**
 * vitest global setup: the PostgreSQL tests need a server. CI starts one (.ci/run, with
 * test/support/postgres-server.sh) and sets PROGEVAL_TEST_POSTGRES_URL; otherwise this starts
 * a throwaway one the same way, and stops it after. When none can be started, the PostgreSQL
 * tests skip, saying why.
 */
import type { TestProject } from 'vitest/node';
import { postgresServer } from './postgresServer.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresWhyNot: string | null;
  }
}

export default function setup(project: TestProject) {
  const { server, whyNot } = postgresServer();
  project.provide('postgresUrl', server?.url ?? null);
  project.provide('postgresWhyNot', whyNot);
  return () => server?.stop();
}
