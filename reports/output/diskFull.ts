/**
 * True for an error that means the disk (or the user's quota) is full: from a file write
 * (ENOSPC, EDQUOT), from SQLite (SQLITE_FULL), or from a PostgreSQL server (SQLSTATE 53100,
 * disk_full). A load is one transaction, so it leaves the database as it was.
 */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL' || code === '53100';
}
