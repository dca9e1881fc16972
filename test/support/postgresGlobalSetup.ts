/**
 * vitest global setup: the PostgreSQL tests need a server. CI starts one (.ci/run, with
 * test/support/postgres-server.sh) and sets PROGEVAL_TEST_POSTGRES_URL; otherwise this starts
 * a throwaway one the same way, and stops it after. When none can be started, the PostgreSQL
 * tests skip, saying why.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresWhyNot: string | null;
  }
}

const SCRIPT = join(import.meta.dirname, 'postgres-server.sh');

export default function setup(project: TestProject) {
  const given = process.env.PROGEVAL_TEST_POSTGRES_URL;
  if (given) {
    project.provide('postgresUrl', given);
    project.provide('postgresWhyNot', null);
    return;
  }
  let started: { url: string; dir: string } | null = null;
  try {
    const out = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 600_000 });
    const url = /PROGEVAL_TEST_POSTGRES_URL=(\S+)/.exec(out)?.[1];
    const dir = /PGSERVER_DIR=(\S+)/.exec(out)?.[1];
    if (url && dir) started = { url, dir };
  } catch {
    started = null;
  }
  project.provide('postgresUrl', started?.url ?? null);
  project.provide('postgresWhyNot', started ? null : 'no PostgreSQL server could be started here (test/support/postgres-server.sh start failed) and PROGEVAL_TEST_POSTGRES_URL is not set');
  return () => {
    if (started) execFileSync('bash', [SCRIPT, 'stop'], { env: { ...process.env, PGSERVER_DIR: started.dir }, stdio: 'ignore' });
  };
}
