/**
 * The embedded default: SQLite through better-sqlite3, in WAL mode with foreign keys on.
 * A load is one transaction, so a crash or SIGKILL part-way leaves the database exactly
 * as it was: SQLite rolls the unfinished transaction back when the file is next opened.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { LoadTransaction, ProgevalDatabase, StagingColumn, StagingWriter } from './dialect.ts';
import type { Database } from './tables.ts';

/** Rows per multi-row INSERT on the hot path (measured in `npm run bench`). */
const ROWS_PER_STATEMENT = 64;

export function openSqlite(file: string): ProgevalDatabase {
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('temp_store = FILE');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });

  return {
    dialect: 'sqlite',
    db,
    location: file,
    async loadTransaction(work) {
      return db.transaction().execute((trx) => {
        const load: LoadTransaction = {
          db: trx,
          async createStagingTable(name: string, columns: readonly StagingColumn[], index?: readonly string[]) {
            let table = trx.schema.createTable(name).temporary();
            for (const c of columns) table = table.addColumn(c.name, c.type);
            await table.execute();
            if (index?.length) await sql`create index ${sql.id(`${name}_key`)} on ${sql.id(name)} (${sql.join(index.map((c) => sql.id(c)))})`.execute(trx);
          },
          stagingWriter(table: string, columns: readonly string[]): StagingWriter {
            const quoted = columns.map((c) => `"${c}"`).join(', ');
            const tuple = `(${columns.map(() => '?').join(', ')})`;
            const many = raw.prepare(
              `insert into temp."${table}" (${quoted}) values ${Array.from({ length: ROWS_PER_STATEMENT }, () => tuple).join(', ')}`,
            );
            const one = raw.prepare(`insert into temp."${table}" (${quoted}) values ${tuple}`);
            const width = columns.length;
            const buffer = new Array<unknown>(width * ROWS_PER_STATEMENT);
            return (rows) => {
              let i = 0;
              for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
                for (let r = 0; r < ROWS_PER_STATEMENT; r++) {
                  const row = rows[i + r]!;
                  for (let c = 0; c < width; c++) buffer[r * width + c] = row[c];
                }
                many.run(buffer);
              }
              for (; i < rows.length; i++) one.run(rows[i] as unknown[]);
            };
          },
        };
        return work(load);
      });
    },
    async close() {
      await db.destroy();
    },
  };
}
