/**
 * The PostgreSQL server the tests and the bench use, and databases on it. No vitest here, so
 * that `npm run bench` can use it too.
 *
 * The server: PROGEVAL_TEST_POSTGRES_URL when set (a role that may create databases), else a
 * throwaway one started with postgres-server.sh and stopped by `stop()`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

const SCRIPT = join(import.meta.dirname, 'postgres-server.sh');

export interface PostgresServer {
  url: string;
  stop(): void;
}

/** The server to use, or null (with why) when there is none and none can be started. */
export function postgresServer(): { server: PostgresServer | null; whyNot: string | null } {
  const given = process.env.PROGEVAL_TEST_POSTGRES_URL;
  if (given) return { server: { url: given, stop() {} }, whyNot: null };
  try {
    const out = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 600_000 });
    const url = /PROGEVAL_TEST_POSTGRES_URL=(\S+)/.exec(out)?.[1];
    const dir = /PGSERVER_DIR=(\S+)/.exec(out)?.[1];
    if (url && dir) return { server: { url, stop: () => execFileSync('bash', [SCRIPT, 'stop'], { env: { ...process.env, PGSERVER_DIR: dir }, stdio: 'ignore' }) }, whyNot: null };
  } catch {
    // said below
  }
  return { server: null, whyNot: 'no PostgreSQL server could be started here (test/support/postgres-server.sh start failed) and PROGEVAL_TEST_POSTGRES_URL is not set' };
}

/** The server's URL with another database (and optionally another user). */
export function databaseOn(server: string, database: string, user?: string): string {
  const u = new URL(server);
  u.pathname = `/${database}`;
  if (user) u.username = user;
  return u.toString();
}

/** Runs SQL as the server's superuser, on `database` (the maintenance database by default). */
export async function serverSql(server: string, text: string, params: unknown[] = [], database = 'postgres'): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: databaseOn(server, database) });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

/** Creates the database `name` unless it exists (or, with `create` false, leaves it absent); returns its URL. */
export async function ensureDatabase(server: string, name: string, create = true): Promise<string> {
  const exists = (await serverSql(server, 'select 1 from pg_database where datname = $1', [name])).rowCount;
  if (!exists && create) await serverSql(server, `create database ${name}`);
  return databaseOn(server, name);
}
