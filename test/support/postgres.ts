/** Fresh databases on the test PostgreSQL server (see postgresGlobalSetup.ts). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export const POSTGRES_URL = inject('postgresUrl');
export const POSTGRES_WHY_NOT = inject('postgresWhyNot');

/** The server URL with another database (and optionally another user). */
export function databaseUrl(database: string, user?: string): string {
  const u = new URL(POSTGRES_URL!);
  u.pathname = `/${database}`;
  if (user) u.username = user;
  return u.toString();
}

/** Runs SQL as the server's superuser, on `database` (the maintenance database by default). */
export async function adminSql(sqlText: string, database = 'postgres'): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** A new, empty database; returns its name and URL. */
export async function freshDatabase(prefix = 't'): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminSql(`create database ${name}`);
  return { name, url: databaseUrl(name) };
}
