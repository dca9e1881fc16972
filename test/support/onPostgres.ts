/**
 * The `postgres` test project (vitest.config.ts): every database a test opens in-process is a
 * PostgreSQL database instead of a SQLite file. A file path maps to a database named after it
 * (created on first use, so a second open finds what the first loaded); `:memory:` is a fresh
 * database each time. Commands run in a child process still use the file they are given.
 */
import { randomBytes } from 'node:crypto';
import { inject, vi } from 'vitest';
import { ensureDatabase } from './postgresServer.ts';
import { postgresFor } from './storedDatabase.ts';

const server = inject('postgresUrl');
if (server) process.env.PROGEVAL_TEST_ON_POSTGRES = server;
else console.warn(`postgres project: ${inject('postgresWhyNot')}; its tests run on SQLite again instead`);

/** The database `file` stands for: its URL, created unless `mustExist` (then opening it says it is missing). */
async function onServer(file: string, mustExist: boolean): Promise<string> {
  const name = file === ':memory:' ? `m_${randomBytes(8).toString('hex')}` : postgresFor(file, server!).name;
  return ensureDatabase(server!, name, !mustExist);
}

vi.mock('../../pipeline/db/open.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../pipeline/db/open.ts')>();
  if (!server) return actual;
  return {
    ...actual,
    openDatabase: async (file = actual.defaultDatabase(), options: Parameters<typeof actual.openDatabase>[1] = {}) =>
      actual.openDatabase(actual.isPostgresUrl(file) ? file : await onServer(file, options.mustExist ?? false), options),
  };
});
