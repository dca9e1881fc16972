/**
 * `npm run bench`: the loader against a raw insert of the same rows, on SQLite and on
 * PostgreSQL, as ratios from one run on one machine (never a timed unit test).
 *
 * Generates a synthetic extract (default 100,000 people; `--people N`), then runs, each in
 * its own child process so that peak RSS is its own:
 *  - loader: `loadExtract` — stream, validate with zod, refuse, stage, cross-file rules, upsert;
 *  - raw:    csv-parse and one prepared INSERT per row into the same tables, no validation;
 *  - pg-loader: `loadExtract` into a fresh PostgreSQL database (staging with COPY);
 *  - pg-raw: csv-parse and a raw `COPY … FROM STDIN` of the same rows into the same tables.
 * Prints rows/s, the loader/raw ratio on each and each one's peak RSS. PostgreSQL: the server
 * at PROGEVAL_TEST_POSTGRES_URL (a role that may create databases), else a throwaway one started
 * with test/support/postgres-server.sh; skipped, saying why, when there is none.
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
import { ensureDatabase, postgresServer } from '../test/support/postgresServer.ts';
import { loadExtract } from '../pipeline/load/loadExtract.ts';
import { CONTRACT_FILES } from '../schemas/contract/index.ts';

const OUT = join(import.meta.dirname, 'out');

interface ChildResult {
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

function run(mode: string, extract: string, db = join(OUT, `${mode}.db`)): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', mode, extract, db], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${mode} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2]!, args[3]!);
  const people = Number(args[args.indexOf('--people') + 1] || 100_000) || 100_000;
  const extract = join(OUT, `extract-${people}`);
  mkdirSync(OUT, { recursive: true });
  if (!existsSync(join(extract, 'people.csv'))) {
    process.stderr.write(`generating ${people} people into ${extract} …\n`);
    const gen = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'progeval.js'), 'generate', '--out', extract, '--people', String(people), '--seed', '1', '--progress', 'none'], { stdio: 'inherit' });
    if (gen.status !== 0) throw new Error('generate failed');
  }
  const loader = run('loader', extract);
  const raw = run('raw', extract);
  const rate = (r: ChildResult) => r.rows / r.seconds;
  const lines = [
    `extract: ${people} people, ${loader.rows} rows in all (${extract})`,
    `loader: ${loader.seconds.toFixed(2)} s, ${Math.round(rate(loader)).toLocaleString('en-GB')} rows/s, peak RSS ${loader.maxRssMiB.toFixed(0)} MiB`,
    `raw better-sqlite3 insert: ${raw.seconds.toFixed(2)} s, ${Math.round(rate(raw)).toLocaleString('en-GB')} rows/s, peak RSS ${raw.maxRssMiB.toFixed(0)} MiB`,
    `ratio loader/raw throughput: ${(rate(loader) / rate(raw)).toFixed(2)} (validation, refusal checks, staging, cross-file rules and upsert included)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const { server, whyNot } = postgresServer();
  if (!server) {
    process.stdout.write(`PostgreSQL: skipped (${whyNot})\n`);
    return;
  }
  try {
    const fresh = (name: string) => ensureDatabase(server.url, `bench_${name}_${randomBytes(4).toString('hex')}`);
    const pgLoader = run('pg-loader', extract, await fresh('loader'));
    const pgRaw = run('pg-raw', extract, await fresh('raw'));
    process.stdout.write(
      [
        `PostgreSQL loader: ${pgLoader.seconds.toFixed(2)} s, ${Math.round(rate(pgLoader)).toLocaleString('en-GB')} rows/s, peak RSS ${pgLoader.maxRssMiB.toFixed(0)} MiB`,
        `raw PostgreSQL COPY: ${pgRaw.seconds.toFixed(2)} s, ${Math.round(rate(pgRaw)).toLocaleString('en-GB')} rows/s, peak RSS ${pgRaw.maxRssMiB.toFixed(0)} MiB`,
        `ratio PostgreSQL loader/raw COPY throughput: ${(rate(pgLoader) / rate(pgRaw)).toFixed(2)} (beside SQLite's ${(rate(loader) / rate(raw)).toFixed(2)})`,
      ].join('\n') + '\n',
    );
  } finally {
    server.stop();
  }
}

await main();
