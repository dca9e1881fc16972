/**
 * What a test database holds, read the same way on either dialect. Under the `postgres` test
 * project (test/support/onPostgres.ts) a database file path stands for a PostgreSQL database
 * named after it; these helpers read that database, and otherwise the SQLite file.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { NUMBER_TYPES } from '../../pipeline/db/postgres/postgresDatabase.ts';
import { databaseBytes } from './extracts.ts';
import { databaseOn } from './postgresServer.ts';

/** Set by onPostgres.ts: the server the `postgres` project's databases live on. */
export const onPostgres = (): string | null => process.env.PROGEVAL_TEST_ON_POSTGRES ?? null;

/** The PostgreSQL database a file path stands for under the `postgres` project. */
export function postgresFor(file: string, server: string): { name: string; url: string } {
  const name = `f_${createHash('sha1').update(resolve(file)).digest('hex').slice(0, 24)}`;
  return { name, url: databaseOn(server, name) };
}

async function onServer<T>(file: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresFor(file, onPostgres()!).url, types: NUMBER_TYPES });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Rows of a query (`?` placeholders) against the test database `file`. */
export async function storedRows<T = Record<string, unknown>>(file: string, text: string, ...params: unknown[]): Promise<T[]> {
  if (!onPostgres()) {
    const sqlite = new BetterSqlite3(file, { readonly: true });
    try {
      return sqlite.prepare(text).all(...params) as T[];
    } finally {
      sqlite.close();
    }
  }
  let n = 0;
  return onServer(file, async (client) => (await client.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as T[]);
}

/** Everything the database holds, as text to search: the SQLite file's bytes, or every row of every table on PostgreSQL. */
export async function storedText(file: string): Promise<string> {
  if (!onPostgres()) return databaseBytes(file);
  return onServer(file, async (client) => {
    const tables = (await client.query("select tablename from pg_tables where schemaname = 'public'")).rows.map((r) => r.tablename as string);
    const parts: string[] = [];
    for (const t of tables) parts.push(...(await client.query(`select row_to_json(t)::text as j from "${t}" t`)).rows.map((r) => r.j as string));
    return parts.join('\n');
  });
}
