/**
 * The loader against a raw insert of the same rows, on SQLite and on PostgreSQL, for
 * `npm run bench` (bench/index.ts). Each load runs in its own child process so that peak RSS
 * is its own:
 *  - loader: `loadExtract` — stream, validate with zod, refuse, stage, cross-file rules, upsert;
 *  - raw:    csv-parse and one prepared INSERT per row into the same tables, no validation;
 *  - pg-loader: `loadExtract` into a fresh PostgreSQL database (staging with COPY);
 *  - pg-raw: csv-parse and a raw `COPY … FROM STDIN` of the same rows into the same tables.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { parse } from 'csv-parse';
import { openDatabase } from '../pipeline/db/open.ts';
import { copyText } from '../pipeline/db/postgres/postgresDatabase.ts';
import { ensureDatabase } from '../test/support/postgresServer.ts';
import { loadExtract } from '../pipeline/load/loadExtract.ts';
import { CONTRACT_FILES } from '../schemas/contract/index.ts';

const OUT = join(import.meta.dirname, 'out');

export interface ChildResult {
  mode: string;
  rows: number;
  seconds: number;
  maxRssMiB: number;
}

async function rawInsert(extract: string, db: string): Promise<number> {
  const database = await openDatabase(db); // same schema, indexes and foreign keys
  await database.close();
  const { default: Sqlite } = await import('better-sqlite3');
  const raw = new Sqlite(db);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  let rows = 0;
  raw.exec('begin');
  raw.exec(`insert into load_batches (batch_id, extract_sha256, source, contract_version, progeval_version, started_at, finished_at) values (1, '', 'bench', 'v1', 'bench', '', '')`);
  for (const file of CONTRACT_FILES) {
    const path = join(extract, file.file);
    if (!existsSync(path)) continue;
    const parser = createReadStream(path).pipe(parse({ columns: true }));
    let insert: BetterSqlite3.Statement | undefined;
    let keys: string[] = [];
    let line = 1;
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      line++;
      if (!insert) {
        keys = Object.keys(record);
        const extra = file.key.includes('occurrence') ? ['occurrence'] : [];
        const columns = [...keys, ...extra, 'batch_id', 'source_line'];
        insert = raw.prepare(`insert into "${file.table}" (${columns.map((c) => `"${c}"`).join(',')}) values (${columns.map(() => '?').join(',')})`);
      }
      const values: unknown[] = keys.map((k) => (record[k] === '' ? null : record[k] === 'true' ? 1 : record[k] === 'false' ? 0 : record[k]));
      if (file.key.includes('occurrence')) values.push(line);
      values.push(1, line);
      insert.run(values);
      rows++;
    }
  }
  raw.exec('commit');
  raw.close();
  return rows;
}

/** The raw PostgreSQL baseline: parse each file and COPY its rows straight into the same tables. */
async function rawCopy(extract: string, url: string): Promise<number> {
  const database = await openDatabase(url); // same schema, indexes and foreign keys
  await database.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let rows = 0;
  await client.query('begin');
  await client.query(`insert into load_batches (batch_id, extract_sha256, source, contract_version, progeval_version, started_at, finished_at) values (1, '', 'bench', 'v1', 'bench', '', '')`);
  for (const file of CONTRACT_FILES) {
    const path = join(extract, file.file);
    if (!existsSync(path)) continue;
    const parser = createReadStream(path).pipe(parse({ columns: true }));
    let keys: string[] = [];
    let line = 1;
    let chunk = '';
    let copy: string | undefined;
    const flush = async () => {
      if (chunk) await pipeline(Readable.from([chunk]), client.query(copyFrom(copy!)));
      chunk = '';
    };
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      line++;
      if (!copy) {
        keys = Object.keys(record);
        const columns = [...keys, ...(file.key.includes('occurrence') ? ['occurrence'] : []), 'batch_id', 'source_line'];
        copy = `copy "${file.table}" (${columns.map((c) => `"${c}"`).join(',')}) from stdin`;
      }
      const values: unknown[] = keys.map((k) => (record[k] === '' ? null : record[k] === 'true' ? 1 : record[k] === 'false' ? 0 : record[k]));
      if (file.key.includes('occurrence')) values.push(line);
      values.push(1, line);
      chunk += copyText([values]);
      rows++;
      if (chunk.length > 1 << 20) await flush();
    }
    await flush();
  }
  await client.query('commit');
  await client.end();
  return rows;
}

async function child(mode: string, extract: string, db: string): Promise<void> {
  if (!db.startsWith('postgres')) rmSync(db, { force: true });
  const start = process.hrtime.bigint();
  let rows: number;
  if (mode === 'pg-raw') rows = await rawCopy(extract, db);
  else if (mode === 'loader' || mode === 'pg-loader') {
    const database = await openDatabase(db);
    const result = await loadExtract(database, extract);
    await database.close();
    rows = result.files.reduce((s, f) => s + f.rowsRead, 0);
  } else {
    // Files in contract order, as the loader loads them, so foreign keys hold.
    rows = await rawInsert(extract, db);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const out: ChildResult = { mode, rows, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(out));
}

/** One load in its own child process (so that peak RSS is its own): `mode` is loader, raw, pg-loader or pg-raw. */
export function timeLoad(mode: string, extract: string, db = join(OUT, `${mode}.db`)): ChildResult {
  mkdirSync(OUT, { recursive: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', mode, extract, db], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${mode} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

/** A fresh PostgreSQL database on `url`'s server, for one load. */
export async function freshPostgresDatabase(url: string, name: string): Promise<string> {
  return ensureDatabase(url, `bench_${name}_${randomBytes(4).toString('hex')}`);
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
