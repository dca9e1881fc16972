import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/runCli.ts';
import { BAD, MINIMAL, overlaidExtract, scratchDir } from '../../support/extracts.ts';

describe('progeval CLI', () => {
  it('teaches with --help and exits 0', async () => {
    const run = await runCli('--help');
    expect(run.code).toBe(0);
    for (const c of ['generate', 'ingest', 'status', 'quarantine', 'contract', 'demo']) expect(run.stdout).toContain(c);
    expect(run.stdout).toContain('Exit codes');
  });

  it('exits 2 on a usage mistake', async () => {
    expect((await runCli('ingest')).code).toBe(2);
    expect((await runCli('no-such-command')).code).toBe(2);
  });

  it('names a mistyped option before saying a required one is missing', async () => {
    const typo = await runCli('run', '--plna', 'plan.yaml', '--out', 'out');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option '--plna'\n(Did you mean --plan?)");
    expect(typo.stderr).not.toContain('required option');
    const missing = await runCli('run', '--out', 'out');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--plan <file>' not specified");
    const repeated = await runCli('reproduce', 'manifest.json', '--json');
    expect(repeated.stderr).toContain("required option '--extract <dir>' not specified");
  });

  it('exits 2 with a plain message when the database is missing', async () => {
    const run = await runCli('status', '--db', join(scratchDir(), 'absent.db'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no database at .*absent\.db/);
  });

  it('gives machine-readable output with --json for ingest, status and quarantine', async () => {
    const db = join(scratchDir(), 'cli.db');
    const ingest = await runCli('ingest', overlaidExtract(join(BAD, 'orphan-reference')), '--db', db, '--json', '--progress', 'none');
    expect(ingest.code).toBe(0);
    const load = JSON.parse(ingest.stdout);
    expect(load).toMatchObject({ status: 'loaded', batchId: 1, quarantineByReason: { orphan_reference: 1 } });

    const status = JSON.parse((await runCli('status', '--db', db, '--json')).stdout);
    expect(status.tables.people).toBe(6);
    expect(status.batches).toHaveLength(1);
    expect(status.quarantine).toEqual([{ batch_id: 1, file: 'enrolments.csv', reason_code: 'orphan_reference', n: 1 }]);

    const quarantine = JSON.parse((await runCli('quarantine', '--db', db, '--file', 'enrolments.csv', '--json')).stdout);
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]).toMatchObject({ file: 'enrolments.csv', line: 7, column_name: 'person_id', reason_code: 'orphan_reference' });
    expect(quarantine[0].row).toMatchObject({ enrolment_id: 'enr-0006', person_id: 'per-9999' });
  });

  it('prints reconciliation for a load, and says nothing changed on a reload', async () => {
    const db = join(scratchDir(), 'cli.db');
    const first = await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none');
    expect(first.stdout).toMatch(/people\.csv\s+6\s+6\s+6\s+0/);
    expect(first.stdout).toContain('rows read = rows loaded + rows quarantined');
    const second = await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('is already the latest, loaded as batch 1');
  });

  it('--quiet prints nothing when all is well, still prints --json, and still prints errors', async () => {
    const db = join(scratchDir(), 'cli.db');
    // A load with a quarantined row is not an error: the exit code is 0 and nothing is printed.
    const ingest = await runCli('ingest', overlaidExtract(join(BAD, 'orphan-reference')), '--db', db, '--progress', 'lines', '--quiet');
    expect(ingest).toEqual({ code: 0, stdout: '', stderr: '' });
    for (const command of ['status', 'history', 'levels', 'check']) {
      expect(await runCli(command, '--db', db, '--quiet'), command).toEqual({ code: 0, stdout: '', stderr: '' });
      const json = await runCli(command, '--db', db, '--quiet', '--json');
      expect(json.code, command).toBe(0);
      expect(JSON.parse(json.stdout), command).toMatchObject({ database: db });
      expect((await runCli(command, '--help')).stdout, command).toContain('--quiet');
    }
    const missing = await runCli('status', '--db', join(scratchDir(), 'absent.db'), '--quiet');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no database at .*absent\.db/);
  });

  it('rejects a bad --reason for quarantine as bad input', async () => {
    const db = join(scratchDir(), 'cli.db');
    await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none');
    const run = await runCli('quarantine', '--db', db, '--reason', 'nonsense');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--reason must be one of');
  });
});
