/** Fresh databases on the test PostgreSQL server (see postgresGlobalSetup.ts). */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { inject } from 'vitest';
import { databaseOn, ensureDatabase, serverSql } from './postgresServer.ts';

export const POSTGRES_URL = inject('postgresUrl');
export const POSTGRES_WHY_NOT = inject('postgresWhyNot');

/** The server URL with another database (and optionally another user). */
export const databaseUrl = (database: string, user?: string): string => databaseOn(POSTGRES_URL!, database, user);

/** Runs SQL as the server's superuser, on `database` (the maintenance database by default). */
export const adminSql = (sqlText: string, database = 'postgres'): Promise<pg.QueryResult> => serverSql(POSTGRES_URL!, sqlText, [], database);

/** A new, empty database; returns its name and URL. */
export async function freshDatabase(prefix = 't'): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  return { name, url: await ensureDatabase(POSTGRES_URL!, name) };
}
