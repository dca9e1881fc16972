/**
 * What can be wrong with a database, in words the user can act on. Neither is an internal
 * error: `DatabaseUnusable` is bad input (exit 2), `DatabaseBusy` a wait that ran out (exit 1).
 */

/** No database where one must be: a command that reads was given a file (or server database) with nothing loaded. Bad input. */
export class DatabaseMissing extends Error {
  constructor(readonly location: string) {
    super(`no database at ${location}: load an extract first with \`progeval ingest DIR --db ${location}\``);
  }
}

/** Not a database progeval can use: not SQLite, someone else's, newer, or read-only when it must write. */
export class DatabaseUnusable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnusable';
  }

  /** SQLite's own refusal of a file, said plainly. */
  static from(file: string, e: unknown): DatabaseUnusable | unknown {
    const code = (e as { code?: string })?.code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new DatabaseUnusable(`${file} is not a progeval database: SQLite cannot read it as a database (${code === 'SQLITE_CORRUPT' ? 'it is damaged' : 'it is some other kind of file'})`);
    if (code === 'SQLITE_CANTOPEN') return new DatabaseUnusable(`${file} cannot be opened: check that it exists and that its folder can be read`);
    if (code === 'SQLITE_READONLY_DIRECTORY') return new DatabaseUnusable(`${file} cannot be read: its folder is read-only, and SQLite must create ${file}-shm beside it to read a database in WAL mode. Copy the database to a folder you can write, or ask for write access to its folder`);
    if (code.startsWith('SQLITE_READONLY')) return new DatabaseUnusable(`${file} is read-only, and this command writes to it: ask for write access, or use another database with --db`);
    return e;
  }
}

/** Another load (or run) held its lock for longer than we were willing to wait. */
export class DatabaseBusy extends Error {
  constructor(
    readonly waitedSeconds: number,
    holder: 'load' | 'run' = 'load',
  ) {
    super(
      holder === 'load'
        ? `the database is still busy after ${waitedSeconds} s: another load is writing to it. Nothing was changed; ` +
            'try again when it has finished (set PROGEVAL_WAIT_SECONDS to wait longer)'
        : `another progeval run against this database was still under way after ${waitedSeconds} s, and runs take turns ` +
            '(each is checked against the figures the others published). Nothing was written; ' +
            'try again when it has finished (set PROGEVAL_WAIT_SECONDS to wait longer)',
    );
    this.name = 'DatabaseBusy';
  }
}

/** The connection to a PostgreSQL server was lost part-way (a restart, an administrator). */
export class DatabaseConnectionLost extends Error {
  constructor() {
    super('the connection to the PostgreSQL server was lost part-way: nothing was changed (a load is all or nothing, and a run writes its output last). Run the command again');
    this.name = 'DatabaseConnectionLost';
  }

  /** Is this pg's error for a connection that ended under it? */
  static is(e: unknown): boolean {
    const message = e instanceof Error ? e.message : '';
    const code = (e as { code?: unknown })?.code;
    return /Connection terminated|not queryable|terminating connection due to administrator command/.test(message) || code === '57P01' || code === '57P02' || code === '57P03';
  }
}
