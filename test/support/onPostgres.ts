/**
 * The `postgres` test project (vitest.config.ts): every database a test opens in-process is a
 * PostgreSQL database instead of a SQLite file. A file path maps to a database named after it
 * (created on first use, so a second open finds what the first loaded); `:memory:` is a fresh
 * database each time. Commands run in a child process still use the file they are given.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject, vi } from 'vitest';
import { postgresFor } from './storedDatabase.ts';

const server = inject('postgresUrl');
if (server) process.env.PROGEVAL_TEST_ON_POSTGRES = server;
else console.warn(`postgres project: ${inject('postgresWhyNot')}; its tests run on SQLite again instead`);

async function onServer(file: string, mustExist: boolean): Promise<string> {
  if (/^postgres(ql)?:\/\//i.test(file)) return file;
  const name = file === ':memory:' ? `m_${randomBytes(8).toString('hex')}` : postgresFor(file, server!).name;
  const admin = new pg.Client({ connectionString: server! });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
    if (!exists && !mustExist) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(server!);
  u.pathname = `/${name}`;
  return u.toString();
}

vi.mock('../../pipeline/db/open.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../pipeline/db/open.ts')>();
  if (!server) return actual;
  return {
    ...actual,
    openDatabase: async (file = actual.defaultDatabase(), options: Parameters<typeof actual.openDatabase>[1] = {}) =>
      actual.openDatabase(await onServer(file, options.mustExist ?? false), options),
  };
});
